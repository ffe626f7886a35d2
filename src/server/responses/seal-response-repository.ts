import type { ResponseRepository, StoredResponse } from '../../store/response-repository.ts';
import { isEnvelope, openEnvelope, sealEnvelope } from '../../security/envelope/envelope.ts';
import { reloadingKeyring } from '../../security/envelope/reloading-keyring.ts';
import type { StorageKeyring } from '../../security/envelope/storage-keyring.ts';

/** The field of a stored response object that holds the sealed content (no Responses object has it). */
export const sealedField = 'sovereign:envelope';

/**
 * A response repository whose stored content is sealed: the response object and the input items go into one
 * post-quantum envelope (base64 in the `response` column); ids, tenant, times and the profile (levels and kinds,
 * never values) stay clear for lookups and chains. A row stored unsealed (before sealing was turned on) reads as it is.
 * New rows are sealed under the keyring's current key; rows sealed under any older key in it still open. A row sealed
 * under a key this keyring lacks (`sovereign keys rotate-storage` ran while the gateway was up) makes it `reload` the
 * keyring once per such key, so the rotation needs no restart; new rows are then sealed under the new current key.
 */
export function sealResponseRepository(repository: ResponseRepository, initial: StorageKeyring, reload?: () => StorageKeyring): ResponseRepository {
  const keyring = reloadingKeyring(initial, reload);
  const keyringFor = (stored: StoredResponse): StorageKeyring => {
    const sealed = stored.response[sealedField];
    return typeof sealed === 'string' ? keyring.for(Buffer.from(sealed, 'base64')) : keyring.current();
  };
  return {
    put(stored) {
      const envelope = sealEnvelope(JSON.stringify({ response: stored.response, inputItems: stored.inputItems }), keyring.current());
      return repository.put({ ...stored, response: { [sealedField]: envelope.toString('base64') }, inputItems: [] });
    },
    async get(tenant, id, now) {
      const stored = await repository.get(tenant, id, now);
      return stored === undefined ? undefined : unsealResponse(stored, keyringFor(stored));
    },
    delete: (tenant, id, now) => repository.delete(tenant, id, now),
    deleteExpired: (now) => repository.deleteExpired(now),
  };
}

/** A stored response with its sealed content opened (an unsealed one as it is). Throws `EnvelopeError` when altered. */
export function unsealResponse(stored: StoredResponse, keyring: StorageKeyring): StoredResponse {
  const sealed = stored.response[sealedField];
  if (typeof sealed !== 'string') return stored;
  const envelope = Buffer.from(sealed, 'base64');
  if (!isEnvelope(envelope)) return stored;
  const content = JSON.parse(openEnvelope(envelope, keyring).toString('utf8')) as Pick<StoredResponse, 'response' | 'inputItems'>;
  return { ...stored, response: content.response, inputItems: content.inputItems };
}
