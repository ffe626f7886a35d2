import { classificationLevels, type Classification } from '../catalog/catalog-schema.ts';
import type { CelVariableFields } from './cel-condition.ts';

/** Who is asking (the fields policies may read). */
export interface PolicyPrincipal {
  readonly tenant: string;
  readonly keyId?: string;
  readonly clearance?: Classification;
  /** ISO 3166-1 alpha-2 home country; export control needs it. */
  readonly country?: string;
  readonly scopes?: readonly string[];
  readonly labels?: readonly string[];
}

/** What the request carries: structurally the data profile produced by `core/profile`. */
export interface PolicyProfile {
  readonly classification: Classification;
  readonly markings?: readonly string[];
  readonly caveats?: readonly string[];
  readonly personalData?: ReadonlyArray<{ readonly kind: string; readonly count: number }>;
  readonly secrets?: ReadonlyArray<{ readonly kind: string; readonly count: number }>;
  /** A residency requirement: a country code or a group name. */
  readonly residency?: string;
  readonly labels?: readonly string[];
}

/** Facts about the request itself. */
export interface PolicyRequestFacts {
  readonly model: string;
  readonly dialect?: string;
  readonly stream?: boolean;
  readonly hasTools?: boolean;
  readonly estimatedInputTokens?: number;
  readonly labels?: readonly string[];
  readonly residency?: string;
}

/** The MCP tool a call goes to (tool calls through the MCP gateway only; absent for model requests). */
export interface PolicyToolFacts {
  /** The namespaced name clients see (`files__read_file`). */
  readonly name: string;
  /** The upstream server's id (`files`). */
  readonly server: string;
}

export interface PolicySubject {
  readonly principal: PolicyPrincipal;
  readonly profile: PolicyProfile;
  readonly request: PolicyRequestFacts;
  readonly tool?: PolicyToolFacts;
}

/**
 * The fields CEL conditions may read. Absent strings are bound as `""`, absent lists as `[]`, counts as ints,
 * so conditions need no `has()`, and the generated code relies on these types (checked once per evaluation).
 * Convenience fields: `*.classificationLevel` / `principal.clearanceLevel`
 * (0 = UNCLASSIFIED ... 5 = TOP SECRET), `profile.hasPersonalData`, `profile.personalKinds`,
 * `profile.hasSecrets`, `profile.secretKinds`. `tool.name` and `tool.server` name the MCP tool a tool call goes to
 * (empty for model requests), so one policy list can govern models and tools alike.
 */
export const policyVariableFields: CelVariableFields = {
  principal: {
    tenant: 'string', keyId: 'string', clearance: 'string', clearanceLevel: 'int', country: 'string', scopes: 'list', labels: 'list',
  },
  profile: {
    classification: 'string', classificationLevel: 'int', markings: 'list', caveats: 'list', personalData: 'list',
    secrets: 'list', residency: 'string', labels: 'list', hasPersonalData: 'bool', personalKinds: 'list', hasSecrets: 'bool',
    secretKinds: 'list',
  },
  request: {
    model: 'string', dialect: 'string', stream: 'bool', hasTools: 'bool', estimatedInputTokens: 'int', labels: 'list', residency: 'string',
  },
  tool: { name: 'string', server: 'string' },
};

const noTool = Object.freeze({ name: '', server: '' });

const none: readonly never[] = Object.freeze([]);

/** Index of a classification in `classificationLevels` (0 = UNCLASSIFIED); unknown levels count as TOP SECRET. */
export function classificationLevel(classification: string | undefined): number {
  if (classification === undefined) return 0;
  const level = (classificationLevels as readonly string[]).indexOf(classification);
  return level === -1 ? classificationLevels.length - 1 : level;
}

function toInt(value: number | undefined): bigint {
  return value !== undefined && Number.isFinite(value) ? BigInt(Math.trunc(value)) : 0n;
}

function findings(items: PolicyProfile['personalData']): { list: unknown[]; kinds: string[] } {
  const list: unknown[] = [];
  const kinds: string[] = [];
  for (const item of items ?? none) {
    if (item.count <= 0) continue;
    list.push({ kind: item.kind, count: toInt(item.count) });
    if (!kinds.includes(item.kind)) kinds.push(item.kind);
  }
  return { list, kinds };
}

/** Builds the CEL bindings of one request, once; every policy condition reads the same object. */
export function buildPolicyBindings(subject: PolicySubject): Readonly<Record<string, unknown>> {
  const { principal, profile, request, tool } = subject;
  const personal = findings(profile.personalData);
  const secrets = findings(profile.secrets);
  return {
    principal: {
      tenant: principal.tenant,
      keyId: principal.keyId ?? '',
      clearance: principal.clearance ?? 'UNCLASSIFIED',
      clearanceLevel: BigInt(classificationLevel(principal.clearance)),
      country: principal.country ?? '',
      scopes: principal.scopes ?? none,
      labels: principal.labels ?? none,
    },
    profile: {
      classification: profile.classification,
      classificationLevel: BigInt(classificationLevel(profile.classification)),
      markings: profile.markings ?? none,
      caveats: profile.caveats ?? none,
      personalData: personal.list,
      secrets: secrets.list,
      residency: profile.residency ?? '',
      labels: profile.labels ?? none,
      hasPersonalData: personal.list.length > 0,
      personalKinds: personal.kinds,
      hasSecrets: secrets.list.length > 0,
      secretKinds: secrets.kinds,
    },
    request: {
      model: request.model,
      dialect: request.dialect ?? '',
      stream: request.stream ?? false,
      hasTools: request.hasTools ?? false,
      estimatedInputTokens: toInt(request.estimatedInputTokens),
      labels: request.labels ?? none,
      residency: request.residency ?? '',
    },
    tool: tool === undefined ? noTool : { name: tool.name, server: tool.server },
  };
}
