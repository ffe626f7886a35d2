import { envelopeKeyId, isEnvelope, rewrapEnvelope } from '../../security/envelope/envelope.ts';
import type { StorageKeyring } from '../../security/envelope/storage-keyring.ts';
import type { StoredResponseContents } from '../../store/response-repository.ts';
import { sealedField } from './seal-response-repository.ts';

/** What a re-wrap pass did, row by row. */
export interface RewrapReport {
  /** Rows read. */
  readonly rows: number;
  /** Sealed rows whose data key is now wrapped under the current key (content bytes unchanged). */
  readonly rewrapped: number;
  /** Sealed rows already under the current key. */
  readonly current: number;
  /** Rows stored before sealing was on (left as they are). */
  readonly unsealed: number;
  /** Rows written by someone else during the pass (left to the writer, which sealed them under its key). */
  readonly changedMeanwhile: number;
  /** Rows that could not be re-wrapped (altered, or sealed under a key the keyring lacks), with the reason; never content. */
  readonly failed: ReadonlyArray<{ tenant: string; id: string; reason: string }>;
}

/**
 * Re-wraps the data key of every sealed stored response for the keyring's current key, without decrypting or
 * re-encrypting the content (`rewrapEnvelope`), page by page; `onProgress` after each page. A row is replaced only if
 * it still holds what was read, so a concurrent write is never lost.
 */
export async function rewrapStoredResponses(
  contents: StoredResponseContents,
  keyring: StorageKeyring,
  options: { pageSize?: number; onProgress?: (report: RewrapReport) => void } = {},
): Promise<RewrapReport> {
  const pageSize = options.pageSize ?? 500;
  let rows = 0;
  let rewrapped = 0;
  let current = 0;
  let unsealed = 0;
  let changedMeanwhile = 0;
  const failed: Array<{ tenant: string; id: string; reason: string }> = [];
  const report = (): RewrapReport => ({ rows, rewrapped, current, unsealed, changedMeanwhile, failed });
  let afterId = '';
  for (;;) {
    const page = await contents.page(afterId, pageSize);
    if (page.length === 0) break;
    for (const row of page) {
      rows++;
      const sealed = row.response[sealedField];
      const envelope = typeof sealed === 'string' ? Buffer.from(sealed, 'base64') : undefined;
      if (envelope === undefined || !isEnvelope(envelope)) {
        unsealed++;
        continue;
      }
      try {
        if (envelopeKeyId(envelope) === keyring.current.id) {
          current++;
          continue;
        }
        const next = { [sealedField]: rewrapEnvelope(envelope, keyring).toString('base64') };
        if (await contents.replace(row.tenant, row.id, row.response, next)) rewrapped++;
        else changedMeanwhile++;
      } catch (error) {
        failed.push({ tenant: row.tenant, id: row.id, reason: (error as Error).message });
      }
    }
    afterId = page[page.length - 1]!.id;
    options.onProgress?.(report());
  }
  return report();
}
