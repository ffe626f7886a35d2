import type { ExtractionCase } from '../security/extraction/extraction-case.ts';

/** An administrator's request, made outside the gateway (`sovereign extraction clear`), to lift a case. */
export interface ExtractionClearRequest {
  /** Who asked (`cli:<user>`). */
  by: string;
  /** Hours the subject then takes no action (0: none). */
  exemptHours: number;
  at: number;
}

/**
 * One extraction case as stored: the detector's latest standing of a key, tenant or network (its action, score and
 * evidence: features, reasons and keyed hashes, never prompt text), kept so a restart does not lift it.
 */
export interface StoredExtractionCase {
  case: ExtractionCase;
  /** Who made the last change: `detector`, or the administrator who cleared it. */
  changedBy: string;
  /** Until when (ms) the subject takes no action (set by a clear with exempt hours); 0 when not exempt. */
  exemptUntil: number;
  /** The gateway instance that wrote the row (an instance skips its own writes when it reads the changes). */
  instance: string;
  /** A clear asked for outside the gateway that no instance has applied yet. */
  clearRequest?: ExtractionClearRequest;
  /** Assigned on every write (`put`, `requestClear`, `settleClear`): a later write has a higher revision. */
  revision: number;
}

/** What `put` writes: everything but the revision (assigned) and the clear request (left as it is). */
export type ExtractionCaseWrite = Omit<StoredExtractionCase, 'revision' | 'clearRequest'>;

/** Persistence of extraction cases, shared by every instance on Postgres. */
export interface ExtractionCaseRepository {
  /** Inserts or replaces a case (a pending clear request stays); returns the row's new revision. */
  put(stored: ExtractionCaseWrite): Promise<number>;
  get(id: string): Promise<StoredExtractionCase | undefined>;
  /** Every case, the ones with an action in force first (harshest first), then the others by id. */
  list(): Promise<StoredExtractionCase[]>;
  /** Cases written after `revision`, in revision order (at most `limit`). */
  changedSince(revision: number, limit?: number): Promise<StoredExtractionCase[]>;
  /** Files a clear request on a stored case; false when no case has that id. */
  requestClear(id: string, request: ExtractionClearRequest): Promise<boolean>;
  /** Removes a case's clear request once applied. */
  settleClear(id: string): Promise<void>;
}

const actionOrder: Record<string, number> = { none: 0, flag: 1, throttle: 2, review: 3, block: 4 };

/** The order of {@link ExtractionCaseRepository.list}: harshest action first, then id. */
export function compareStoredCases(left: StoredExtractionCase, right: StoredExtractionCase): number {
  return (actionOrder[right.case.action] ?? 0) - (actionOrder[left.case.action] ?? 0) || (left.case.id < right.case.id ? -1 : left.case.id > right.case.id ? 1 : 0);
}

/** Cases in memory (tests, and a gateway without a database). */
export function createMemoryExtractionCaseRepository(): ExtractionCaseRepository {
  const rows = new Map<string, StoredExtractionCase>();
  let revision = 0;
  return {
    async put(stored) {
      const previous = rows.get(stored.case.id);
      const row: StoredExtractionCase = { ...structuredClone(stored), revision: ++revision, ...(previous?.clearRequest ? { clearRequest: previous.clearRequest } : {}) };
      rows.set(stored.case.id, row);
      return row.revision;
    },
    async get(id) {
      const row = rows.get(id);
      return row && structuredClone(row);
    },
    async list() {
      return [...rows.values()].map((row) => structuredClone(row)).sort(compareStoredCases);
    },
    async changedSince(after, limit = 1000) {
      return [...rows.values()]
        .filter((row) => row.revision > after)
        .sort((left, right) => left.revision - right.revision)
        .slice(0, limit)
        .map((row) => structuredClone(row));
    },
    async requestClear(id, request) {
      const row = rows.get(id);
      if (!row) return false;
      rows.set(id, { ...row, clearRequest: { ...request }, revision: ++revision });
      return true;
    },
    async settleClear(id) {
      const row = rows.get(id);
      if (!row?.clearRequest) return;
      const settled: StoredExtractionCase = { ...row, revision: ++revision };
      delete settled.clearRequest;
      rows.set(id, settled);
    },
  };
}
