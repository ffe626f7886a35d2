import type { AuditStore } from './audit-store.ts';
import { chainHash, genesisHash } from './hash-chain.ts';
import { MerkleFrontier } from './merkle-frontier.ts';
import { merkleLeafHash } from './merkle-hash.ts';

/** Where the log stands after the last durable commit. */
export interface AuditState {
  /** Seq of the last durable record (0 when empty). */
  seq: number;
  /** Its chain hash (the genesis hash when empty). */
  hash: string;
  frontier: MerkleFrontier;
  /** Seq of the last stored checkpoint (0 when none). */
  checkpointSeq: number;
  /** Tree size of the last stored checkpoint. */
  checkpointSize: number;
}

/**
 * Reads where the log stopped, after a clean close or a `kill -9`: the last checkpoint's cached frontier, then
 * every record after it, re-hashed into the chain and the frontier. Only that tail is read (at most
 * `checkpointEvery` records or `checkpointIntervalMs` worth), unless the cache is missing or disagrees with its
 * checkpoint, in which case the frontier is rebuilt from every leaf. Throws when the stored tail does not chain:
 * appending to a log that has been altered would hide the damage, so the log refuses to start.
 */
export function recoverAuditState(store: AuditStore): AuditState {
  const checkpoint = store.lastCheckpoint();
  let frontier = new MerkleFrontier();
  let hash = genesisHash;
  if (checkpoint?.frontier) {
    const cached = safeFrontier(checkpoint.frontier);
    const headRow = store.record(checkpoint.treeSize);
    if (cached && cached.size === checkpoint.treeSize && cached.root().toString('hex') === checkpoint.root && headRow?.hash === checkpoint.head) {
      frontier = cached;
      hash = checkpoint.head;
    }
  }
  const tail = followStoredRecords({ seq: frontier.size, hash, frontier }, store);
  return { ...tail, checkpointSeq: checkpoint?.seq ?? 0, checkpointSize: checkpoint?.treeSize ?? 0 };
}

/** The end of the chain: the seq and hash of the last record, and the Merkle frontier over every record. */
export type AuditTail = Pick<AuditState, 'seq' | 'hash' | 'frontier'>;

/**
 * Advances `tail` over the records stored after it (written before a crash, or by another process on the same file
 * under `serve --workers N`), checking that each one chains. Mutates `tail.frontier`: pass a clone to keep the
 * original. Throws when a stored record does not chain: appending after it would hide the damage.
 */
export function followStoredRecords(tail: AuditTail, store: Pick<AuditStore, 'recordsAfter'>): AuditTail {
  let { seq, hash } = tail;
  for (const row of store.recordsAfter(seq)) {
    if (row.seq !== seq + 1 || chainHash(hash, row.record) !== row.hash) {
      throw new Error(`the audit log does not chain at record ${seq + 1}; run "sovereign audit verify" before appending to it`);
    }
    tail.frontier.append(merkleLeafHash(row.record));
    seq = row.seq;
    hash = row.hash;
  }
  return { seq, hash, frontier: tail.frontier };
}

function safeFrontier(value: unknown): MerkleFrontier | undefined {
  try {
    return MerkleFrontier.fromJSON(value as Parameters<typeof MerkleFrontier.fromJSON>[0]);
  } catch {
    return undefined;
  }
}
