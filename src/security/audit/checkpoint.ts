/** The signature algorithm of checkpoints. */
export const checkpointAlgorithm = 'ML-DSA-65';

/** FIPS 204 context string: a checkpoint signature can never be mistaken for a signature made for anything else. */
export const checkpointSignatureContext = new TextEncoder().encode('sovereign-audit-checkpoint');

/**
 * A signed statement that the log held `treeSize` records whose RFC 9162 tree head is `root`, and whose last chain
 * hash is `head`. Checkpoints are numbered 1, 2, 3, ... without gaps, so a deleted one is noticed.
 */
export interface Checkpoint {
  seq: number;
  treeSize: number;
  /** RFC 9162 tree head over records 1..treeSize, hex. */
  root: string;
  /** Chain hash of record `treeSize`, hex. */
  head: string;
  /** ISO 8601. */
  time: string;
  /** First 16 hex characters of SHA-256(public key). */
  keyId: string;
  /** ML-DSA-65 signature over `checkpointMessage`. */
  signature: Uint8Array;
}

/**
 * The exact bytes a checkpoint's signature covers: a fixed, line-oriented text in the spirit of the C2SP
 * checkpoint format, so any language can rebuild it from an exported checkpoint.
 * @see https://github.com/C2SP/C2SP/blob/main/tlog-checkpoint.md
 */
export function checkpointMessage(checkpoint: Omit<Checkpoint, 'signature'>): Uint8Array {
  return new TextEncoder().encode(
    [
      'sovereign audit checkpoint v1',
      `seq ${checkpoint.seq}`,
      `size ${checkpoint.treeSize}`,
      `root ${checkpoint.root}`,
      `head ${checkpoint.head}`,
      `time ${checkpoint.time}`,
      `key ${checkpoint.keyId}`,
      '',
    ].join('\n'),
  );
}
