/**
 * One request as accounted: who, which model where, what came of it, what it cost and how long it took.
 * Never the prompt or the answer. Money in integer nano-dollars (1e-9 USD); times in ms.
 */
export interface LedgerEntry {
  /** When the request was received (ms since the epoch). */
  time: number;
  requestId: string;
  tenant: string;
  keyId: string;
  /** The catalog model that served the request (the requested one when nothing served it). */
  model: string;
  provider?: string;
  /** ISO 3166-1 alpha-2 of where inference ran. */
  jurisdiction?: string;
  /** The client's dialect (`openai`, `anthropic`). */
  dialect: string;
  stream: boolean;
  /** The HTTP status answered. */
  status: number;
  /** `ok`, `error`, or `cancelled` (the client went away). */
  outcome: 'ok' | 'error' | 'cancelled';
  /** The catalogue error code when `outcome` is not `ok`. */
  errorCode?: string;
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens?: number;
  outputTokens: number;
  costNanoUsd: number;
  latencyMs: number;
  /** Time to first token of a stream (ms). */
  ttftMs?: number;
  decisionId?: string;
  /** `hit`, `miss`, `bypass` ... as the cache stage reports it. */
  cacheStatus?: string;
  /** The serving provider's tier (`edge`, `local`, `cloud`). */
  tier?: string;
  /** The policies that refused the request (403 `policy_denied`). */
  refusedBy?: readonly string[];
  /** The classification level the request carried (declared or found). */
  classification?: string;
  /** The kinds of personal data and secrets found (`email`, `iban`, `aws-access-key`, ...), never their values. */
  dataKinds?: readonly string[];
  /** What the gateway saved on this request, by technique (nano-USD; estimates, see `savingsOf`). */
  saved?: Savings;
}

/** Money saved on one request, in nano-USD, by technique. */
export interface Savings {
  /** The response cache answered: what the first candidate would have cost. */
  cache: number;
  /** Input tokens read from the provider's prompt cache, at the difference between input and cached-input prices. */
  promptCache: number;
  /** Characters removed by compression (four a token), at the input price. */
  compression: number;
  /** The cascade's cheap answer was accepted: the estimate of the stronger model it did not call, less the cost. */
  cascade: number;
}

export const usageGroups = ['tenant', 'key', 'model', 'provider', 'day'] as const;
/** A dimension usage can be grouped by; `day` is the UTC calendar day. */
export type UsageGroup = (typeof usageGroups)[number];

export interface UsageQuery {
  /** Absent only for the operator (every tenant). */
  tenant?: string;
  keyId?: string;
  model?: string;
  provider?: string;
  /** Inclusive lower bound (ms since the epoch). */
  from?: number;
  /** Exclusive upper bound (ms since the epoch). */
  to?: number;
  /** Empty: one row of totals. */
  groupBy: readonly UsageGroup[];
}

/** Totals for one group; the grouping fields present are exactly those asked for. */
export interface UsageRow {
  tenant?: string;
  keyId?: string;
  model?: string;
  /** Absent provider (a request refused before dispatch) is reported as null. */
  provider?: string | null;
  /** `YYYY-MM-DD` (UTC). */
  day?: string;
  requests: number;
  errors: number;
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  costNanoUsd: number;
  /** `costNanoUsd / 1e9`, for display. */
  costUsd: number;
}

/** Persistence of the usage ledger: batched inserts and aggregate queries. */
export interface LedgerRepository {
  /** Inserts every entry in one transaction (all or nothing). */
  insertBatch(entries: readonly LedgerEntry[]): Promise<void>;
  usage(query: UsageQuery): Promise<UsageRow[]>;
}
