import { startRewrapPass, type RewrapReport } from '../../security/envelope/rewrap-pass.ts';
import type { StorageKeyring } from '../../security/envelope/storage-keyring.ts';
import type { StoredResponseContents } from '../../store/response-repository.ts';
import { sealedField } from './seal-response-repository.ts';

export type { RewrapReport } from '../../security/envelope/rewrap-pass.ts';

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
  const pass = startRewrapPass(keyring);
  let afterId = '';
  for (;;) {
    const page = await contents.page(afterId, pageSize);
    if (page.length === 0) break;
    for (const row of page) {
      const sealed = row.response[sealedField];
      const next = pass.next(typeof sealed === 'string' ? Buffer.from(sealed, 'base64') : undefined, row);
      if (next !== undefined) pass.written(await contents.replace(row.tenant, row.id, row.response, { [sealedField]: next.toString('base64') }));
    }
    afterId = page[page.length - 1]!.id;
    options.onProgress?.(pass.report());
  }
  return pass.report();
}
