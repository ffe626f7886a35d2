import { classificationLevels } from '../catalog/catalog-schema.ts';
import type { PolicyRequire } from './policy-schema.ts';
import type { ProviderFacts } from './provider-facts.ts';

/** Expands a jurisdiction group (`EU`, `EEA`, `adequacy`, ...) or a country code to country codes. */
export type ExpandJurisdiction = (nameOrCode: string) => ReadonlySet<string>;

/**
 * The hard constraints of one matched policy, compiled once: a predicate over provider facts plus the reasons
 * for an exclusion. Constraint objects are stable (the same object for every request the policy matches), so
 * the router caches per-constraint candidate masks by identity.
 */
export interface CompiledConstraint {
  /** Unique per compiled constraint: lets the router key caches by the set of constraints in force. */
  readonly id: number;
  /** The policy that imposes it. */
  readonly policy: string;
  /** Where the policy came from (file or tenant), if known. */
  readonly source: string | undefined;
  /** Whether a provider satisfies every clause. */
  allows(facts: ProviderFacts): boolean;
  /** Every failed clause as text ending in `(policy <name>)`; empty when allowed. */
  explain(facts: ProviderFacts): string[];
}

interface Clause {
  test(facts: ProviderFacts): boolean;
  reason(facts: ProviderFacts): string;
}

let lastId = 0;
/** A fresh constraint id. */
export function nextConstraintId(): number {
  lastId = (lastId + 1) | 0;
  return lastId;
}

/** Thrown when a jurisdiction name expands to nothing; the caller adds the policy and source. */
export class UnknownJurisdictionError extends Error {}

function expandAll(names: readonly string[], expand: ExpandJurisdiction): ReadonlySet<string> {
  const countries = new Set<string>();
  for (const name of names) {
    let expanded: ReadonlySet<string>;
    try {
      expanded = expand(name);
    } catch (error) {
      throw new UnknownJurisdictionError(`unknown jurisdiction "${name}": ${error instanceof Error ? error.message : String(error)}`);
    }
    if (expanded.size === 0) throw new UnknownJurisdictionError(`unknown jurisdiction "${name}" (it names no country)`);
    for (const country of expanded) countries.add(country);
  }
  return countries;
}

const list = (values: Iterable<string>): string => `[${[...values].join(', ')}]`;

function clausesOf(require: PolicyRequire, minClearanceLevel: number | undefined, expand: ExpandJurisdiction): Clause[] {
  const clauses: Clause[] = [];
  if (require.tiers !== undefined) {
    const tiers = new Set<string>(require.tiers);
    clauses.push({ test: (facts) => tiers.has(facts.tier), reason: (facts) => `tier ${facts.tier} not in ${list(tiers)}` });
  }
  if (require.jurisdictions !== undefined) {
    const names = require.jurisdictions;
    const allowed = expandAll(names, expand);
    clauses.push({ test: (facts) => allowed.has(facts.jurisdiction), reason: (facts) => `jurisdiction ${facts.jurisdiction} not in ${list(names)}` });
  }
  if (require.jurisdictionsDenied !== undefined) {
    const names = require.jurisdictionsDenied;
    const denied = expandAll(names, expand);
    clauses.push({ test: (facts) => !denied.has(facts.jurisdiction), reason: (facts) => `jurisdiction ${facts.jurisdiction} is in denied ${list(names)}` });
  }
  if (require.providers !== undefined) {
    const allowed = new Set(require.providers);
    clauses.push({ test: (facts) => allowed.has(facts.providerId), reason: (facts) => `provider ${facts.providerId} not in ${list(allowed)}` });
  }
  if (require.providersDenied !== undefined) {
    const denied = new Set(require.providersDenied);
    clauses.push({ test: (facts) => !denied.has(facts.providerId), reason: (facts) => `provider ${facts.providerId} is denied` });
  }
  if (minClearanceLevel !== undefined && minClearanceLevel > 0) {
    const required = classificationLevels[minClearanceLevel] ?? 'TOP SECRET';
    clauses.push({
      test: (facts) => facts.clearanceLevel >= minClearanceLevel,
      reason: (facts) => `clearance ${facts.clearance} below required ${required}`,
    });
  }
  if (require.maxRetentionDays !== undefined) {
    const days = typeof require.maxRetentionDays === 'number' ? require.maxRetentionDays : 0;
    clauses.push({
      test: (facts) => facts.retentionDays <= days,
      reason: (facts) => `retention of ${facts.retentionDays} day${facts.retentionDays === 1 ? '' : 's'} exceeds the maximum of ${days}`,
    });
  }
  if (require.noTraining === true) {
    clauses.push({ test: (facts) => !facts.trainsOnData, reason: () => 'provider trains on customer data' });
  }
  if (require.operatorCountryNotIn !== undefined) {
    const names = require.operatorCountryNotIn;
    const denied = expandAll(names, expand);
    clauses.push({
      test: (facts) => !denied.has(facts.operatorCountry),
      reason: (facts) => `operator country ${facts.operatorCountry} is in ${list(names)}`,
    });
  }
  if (require.certifications !== undefined) {
    const required = require.certifications;
    clauses.push({
      test: (facts) => required.every((certification) => facts.certifications.has(certification)),
      reason: (facts) => `missing certifications ${list(required.filter((certification) => !facts.certifications.has(certification)))}`,
    });
  }
  if (require.postQuantumTransport === true) {
    clauses.push({
      test: (facts) => facts.transport.postQuantum,
      reason: (facts) => `transport not post-quantum: ${facts.transport.description}`,
    });
  }
  return clauses;
}

/**
 * Compiles a policy's `require` block. `minClearanceLevel` is the resolved minimum clearance (a level from
 * `require.minClearance`, or the request's classification for `minClearance: classification`). Returns
 * `undefined` when the block constrains nothing.
 */
export function compileConstraint(
  policy: string,
  require: PolicyRequire,
  minClearanceLevel: number | undefined,
  expandJurisdiction: ExpandJurisdiction,
  source?: string,
): CompiledConstraint | undefined {
  const clauses = clausesOf(require, minClearanceLevel, expandJurisdiction);
  if (clauses.length === 0) return undefined;
  const suffix = ` (policy ${policy})`;
  return {
    id: nextConstraintId(),
    policy,
    source,
    allows: (facts) => {
      for (const clause of clauses) if (!clause.test(facts)) return false;
      return true;
    },
    explain: (facts) => clauses.filter((clause) => !clause.test(facts)).map((clause) => clause.reason(facts) + suffix),
  };
}
