import type { Savings } from './ledger-repository.ts';

/** What the dashboard can break usage down by; each is a column of the rollup. */
export const ledgerDimensions = ['tenant', 'key', 'model', 'provider', 'jurisdiction', 'tier'] as const;
export type LedgerDimension = (typeof ledgerDimensions)[number];

/** A half-open time window [from, to) (ms since the epoch), counted to the minute; one tenant, or all (operator). */
export interface LedgerWindow {
  tenant?: string;
  from: number;
  to: number;
}

/** Totals of the requests in one bucket or group. Money in nano-USD; `latencyMs` is the sum (divide by requests). */
export interface RollupTotals {
  requests: number;
  errors: number;
  refusals: number;
  cacheHits: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  costNanoUsd: number;
  saved: Savings;
  latencyMs: number;
}

export interface SeriesQuery extends LedgerWindow {
  /** Width of a point (ms): a multiple of a minute; points start at multiples of it. */
  bucketMs: number;
  /** One series per value of this dimension; absent: one series. */
  by?: LedgerDimension;
}

export interface SeriesPoint extends RollupTotals {
  /** Start of the point's bucket (ms). */
  bucket: number;
  /** The dimension's value ('' when absent, e.g. no provider for a refused request). */
  group?: string;
}

export interface BreakdownQuery extends LedgerWindow {
  by: LedgerDimension;
}

export interface BreakdownRow extends RollupTotals {
  group: string;
}

export interface RefusalCount {
  policy: string;
  requests: number;
}

/** A position in the ledger, newest first: the next page starts after it. */
export interface LedgerCursor {
  time: number;
  id: number;
}

export interface LedgerPageQuery {
  tenant?: string;
  /** Only requests refused by a policy (the refusal examples). */
  refusalsOnly?: boolean;
  before?: LedgerCursor;
  /** At most this many records (1-500). */
  limit: number;
}

/** One ledger row as the dashboard shows it: who, where, what came of it; kinds and levels, never content. */
export interface LedgerRecord {
  id: number;
  time: number;
  requestId: string;
  tenant: string;
  keyId: string;
  model: string;
  provider: string | null;
  jurisdiction: string | null;
  tier: string | null;
  status: number;
  outcome: string;
  errorCode: string | null;
  costNanoUsd: number;
  latencyMs: number;
  decisionId: string | null;
  cacheStatus: string | null;
  refusedBy: string[];
  classification: string | null;
  dataKinds: string[];
}

export interface LedgerPage {
  records: LedgerRecord[];
  /** Where the next page starts; absent on the last page. */
  next?: LedgerCursor;
}

/**
 * The dashboard's reads of the ledger: charts from the per-minute and per-hour rollups (kept by the database on
 * every insert), lists by indexed keyset pages. Nothing here scans the ledger, so a page answers as fast with
 * millions of rows as with a few.
 */
export interface LedgerViews {
  /** Totals per bucket over the window, optionally one series per dimension value. */
  series(query: SeriesQuery): Promise<SeriesPoint[]>;
  /** Totals per dimension value over the window, largest cost first. */
  breakdown(query: BreakdownQuery): Promise<BreakdownRow[]>;
  /** Refusals per policy over the window, most first. */
  refusalsByPolicy(query: LedgerWindow): Promise<RefusalCount[]>;
  /** Ledger records, newest first, one page. */
  page(query: LedgerPageQuery): Promise<LedgerPage>;
}
