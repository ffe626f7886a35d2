import { envelopeKeyId, isEnvelope, rewrapEnvelope } from './envelope.ts';
import type { StorageKeyring } from './storage-keyring.ts';

/** What a re-wrap pass over one store did, record by record. */
export interface RewrapReport {
  /** Records read. */
  readonly rows: number;
  /** Sealed records whose data key is now wrapped under the current key (content bytes unchanged). */
  readonly rewrapped: number;
  /** Sealed records already under the current key. */
  readonly current: number;
  /** Records stored before sealing was on (left as they are). */
  readonly unsealed: number;
  /** Records written (or expired) by someone else during the pass: left to the writer, which sealed them under its key. */
  readonly changedMeanwhile: number;
  /** Records that could not be re-wrapped (altered, or sealed under a key the keyring lacks), with the reason; never content. */
  readonly failed: ReadonlyArray<{ tenant: string; id: string; reason: string }>;
}

/** One pass's tally: `next` says what to write for a record, `written` whether the compare-and-set took it. */
export interface RewrapPass {
  /**
   * The envelope re-wrapped for the keyring's current key (to write back in place of `envelope`), or undefined when
   * there is nothing to write: not sealed, already current, or not re-wrappable (counted as failed, with the reason).
   */
  next(envelope: Uint8Array | undefined, record: { tenant: string; id: string }): Buffer | undefined;
  /** Counts the write of a `next` result: replaced, or changed by someone else meanwhile. */
  written(replaced: boolean): void;
  report(): RewrapReport;
}

/** Starts a re-wrap pass: data keys re-wrapped with `rewrapEnvelope`, content never decrypted or re-encrypted. */
export function startRewrapPass(keyring: StorageKeyring): RewrapPass {
  let rows = 0;
  let rewrapped = 0;
  let current = 0;
  let unsealed = 0;
  let changedMeanwhile = 0;
  const failed: Array<{ tenant: string; id: string; reason: string }> = [];
  return {
    next(envelope, record) {
      rows++;
      if (envelope === undefined || !isEnvelope(envelope)) {
        unsealed++;
        return undefined;
      }
      try {
        if (envelopeKeyId(envelope) === keyring.current.id) {
          current++;
          return undefined;
        }
        return rewrapEnvelope(envelope, keyring);
      } catch (error) {
        failed.push({ tenant: record.tenant, id: record.id, reason: (error as Error).message });
        return undefined;
      }
    },
    written(replaced) {
      if (replaced) rewrapped++;
      else changedMeanwhile++;
    },
    report: () => ({ rows, rewrapped, current, unsealed, changedMeanwhile, failed: [...failed] }),
  };
}
