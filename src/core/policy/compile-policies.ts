import { z } from 'zod';
import { classificationLevels } from '../catalog/catalog-schema.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import { CelCompileError, compileCondition, compileConditionBatch, type CompiledCondition, type ConditionBatch } from './cel-condition.ts';
import {
  compileConstraint, nextConstraintId, UnknownJurisdictionError, type CompiledConstraint, type ExpandJurisdiction,
} from './compile-constraint.ts';
import { classificationLevel, policyVariableFields } from './policy-context.ts';
import { policyListSchema, type Policy, type PolicyAction, type PolicyInput } from './policy-schema.ts';
import { parseOnce } from '../parse-once.ts';

/** One policy, compiled: its condition planned once and its constraint precompiled for every classification. */
export interface CompiledPolicy {
  readonly name: string;
  readonly description: string | undefined;
  /** Where the policy came from (a file name, `tenant:<id>`), for error messages and audit. */
  readonly source: string | undefined;
  readonly when: CompiledCondition;
  readonly actions: readonly PolicyAction[];
  /**
   * The constraint in force for a request of each classification level (index as in `classificationLevels`);
   * one shared object unless the policy says `minClearance: classification`. `undefined`: no constraint.
   */
  readonly constraintByLevel: readonly (CompiledConstraint | undefined)[];
  /** `require.postQuantumTransport`: providers must be reached over post-quantum TLS (the constraint tests it too). */
  readonly postQuantumTransport: boolean;
  /** `require.clientPostQuantumTransport`: the client's own connection must be post-quantum. */
  readonly clientPostQuantumTransport: boolean;
}

/** Policies ready to evaluate on every request; built once at load (or per tenant), never per request. */
export interface CompiledPolicySet {
  readonly policies: readonly CompiledPolicy[];
  /** The built-in `residency` policy: the constraint for a residency requirement (a group or a country). */
  residency(requirement: string): CompiledConstraint;
  /** Evaluates every policy's condition into `results[offset + i]` (order of `policies`); never throws. */
  readonly evaluateConditions: ConditionBatch;
}

export interface CompilePoliciesOptions {
  expandJurisdiction: ExpandJurisdiction;
}

/** Name of the built-in policy that enforces `x-sovereign-residency` / the profile's residency. */
export const residencyPolicyName = 'residency';

function where(name: string, source: string | undefined): string {
  return source === undefined ? `Policy "${name}"` : `Policy "${name}" (${source})`;
}

function compileOne(policy: Policy, expandJurisdiction: ExpandJurisdiction, source: string | undefined): CompiledPolicy {
  let when: CompiledCondition;
  try {
    when = compileCondition(policy.when, policyVariableFields);
  } catch (error) {
    if (!(error instanceof CelCompileError)) throw error;
    throw new GatewayError('invalid_request', {
      message: `${where(policy.name, source)}: when, at ${error.line}:${error.column}: ${error.detail}`,
      details: { policy: policy.name, source, line: error.line, column: error.column },
    });
  }
  const constraintByLevel: (CompiledConstraint | undefined)[] = [];
  try {
    const minClearance = policy.require.minClearance;
    if (minClearance === 'classification') {
      for (let level = 0; level < classificationLevels.length; level++) {
        constraintByLevel.push(compileConstraint(policy.name, policy.require, level, expandJurisdiction, source));
      }
    } else {
      const level = minClearance === undefined ? undefined : classificationLevel(minClearance);
      const constraint = compileConstraint(policy.name, policy.require, level, expandJurisdiction, source);
      for (let level = 0; level < classificationLevels.length; level++) constraintByLevel.push(constraint);
    }
  } catch (error) {
    if (!(error instanceof UnknownJurisdictionError)) throw error;
    throw new GatewayError('invalid_request', {
      message: `${where(policy.name, source)}: require: ${error.message}`,
      details: { policy: policy.name, source },
    });
  }
  return {
    name: policy.name,
    description: policy.description,
    source,
    when,
    actions: policy.actions,
    constraintByLevel,
    postQuantumTransport: policy.require.postQuantumTransport === true,
    clientPostQuantumTransport: policy.require.clientPostQuantumTransport === true,
  };
}

const residencyCacheLimit = 256;

function residencyConstraints(expandJurisdiction: ExpandJurisdiction): (requirement: string) => CompiledConstraint {
  const cache = new Map<string, CompiledConstraint>();
  return (requirement) => {
    const cached = cache.get(requirement);
    if (cached !== undefined) return cached;
    let constraint: CompiledConstraint;
    try {
      constraint = compileConstraint(residencyPolicyName, { jurisdictions: [requirement] }, undefined, expandJurisdiction, 'built-in')!;
    } catch (error) {
      if (!(error instanceof UnknownJurisdictionError)) throw error;
      const reason = `residency "${requirement}" names no known jurisdiction (policy ${residencyPolicyName})`;
      constraint = { id: nextConstraintId(), policy: residencyPolicyName, source: 'built-in', allows: () => false, explain: () => [reason] };
    }
    // Residency values come from request headers: bound the cache so they cannot grow it without limit.
    if (cache.size < residencyCacheLimit) cache.set(requirement, constraint);
    return constraint;
  };
}

/**
 * Validates and compiles policies once: every CEL `when` is parsed, checked and planned; every `require` is
 * compiled to a predicate with jurisdiction groups expanded. Errors are `invalid_request` GatewayErrors that
 * name the policy, the source and, for CEL, the line and column.
 */
export function compilePolicies(
  policies: readonly PolicyInput[],
  options: CompilePoliciesOptions,
  source?: string,
): CompiledPolicySet {
  const parsed = policyListSchema.safeParse(policies, parseOnce);
  if (!parsed.success) {
    throw new GatewayError('invalid_request', {
      message: `Invalid policies${source === undefined ? '' : ` in ${source}`}: ${z.prettifyError(parsed.error)}`,
      details: { source },
    });
  }
  const compiled = parsed.data.map((policy) => {
    if (policy.name === residencyPolicyName) {
      throw new GatewayError('invalid_request', {
        message: `${where(policy.name, source)}: the name "${residencyPolicyName}" is reserved for the built-in residency policy`,
        details: { policy: policy.name, source },
      });
    }
    return compileOne(policy, options.expandJurisdiction, source);
  });
  return {
    policies: compiled,
    residency: residencyConstraints(options.expandJurisdiction),
    evaluateConditions: compileConditionBatch(compiled.map((policy) => policy.when), policyVariableFields),
  };
}
