import type { AuditRecord } from './audit-entry.ts';
import type { AuditStore, RecordRow } from './audit-store.ts';
import { canonicalRecord } from './build-audit-record.ts';
import { chainHash } from './hash-chain.ts';
import { merkleLeafHash } from './merkle-hash.ts';
import { followStoredRecords, type AuditTail } from './recover-audit-state.ts';

/**
 * Appends `records` to the file in one transaction, under the write lock: first the records other processes on
 * this file appended since `tail` (`serve --workers N`; none with one process), then these after them, numbered,
 * chained and added to a copy of the Merkle frontier, so the file holds one chain. Sets each record's `seq`.
 * Returns the rows written and the new tail; `tail` itself is not changed, so a failed commit leaves no gap.
 * Throws when the transaction fails or a stored record does not chain.
 */
export function appendAuditBatch(store: Pick<AuditStore, 'exclusive' | 'recordsAfter' | 'insertRecords'>, tail: AuditTail, records: readonly AuditRecord[]): { rows: RecordRow[]; tail: AuditTail } {
  return store.exclusive(() => {
    const followed = followStoredRecords({ seq: tail.seq, hash: tail.hash, frontier: tail.frontier.clone() }, store);
    let { seq, hash } = followed;
    const rows: RecordRow[] = [];
    for (const record of records) {
      seq += 1;
      record.seq = seq;
      const canonical = canonicalRecord(record);
      hash = chainHash(hash, canonical);
      followed.frontier.append(merkleLeafHash(canonical));
      rows.push({ seq, record: canonical, hash });
    }
    store.insertRecords(rows);
    return { rows, tail: { seq, hash, frontier: followed.frontier } };
  });
}
