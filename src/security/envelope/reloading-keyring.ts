import { envelopeKeyId, isEnvelope } from './envelope.ts';
import type { StorageKeyring } from './storage-keyring.ts';

/** The keyring a sealing store uses now, reloaded once per unknown key it meets (a rotation while it runs). */
export interface ReloadingKeyring {
  /** The keyring in force: its current key seals new envelopes. */
  current(): StorageKeyring;
  /**
   * The keyring to open `envelope` with: when the envelope names a key this keyring lacks (`sovereign keys
   * rotate-storage` ran while the gateway was up), `reload` runs once per such key id, so the rotation needs no
   * restart and new envelopes are then sealed under the new current key.
   * A reload that throws (an unreadable keyring file) throws here, once; later calls keep the keyring in hand.
   */
  for(envelope: Uint8Array): StorageKeyring;
}

/** A keyring that reloads itself when it meets an envelope under a key it does not hold (never more than once per id). */
export function reloadingKeyring(initial: StorageKeyring, reload?: () => StorageKeyring): ReloadingKeyring {
  let keyring = initial;
  const triedReloadFor = new Set<string>();
  return {
    current: () => keyring,
    for(envelope) {
      if (reload === undefined || !isEnvelope(envelope)) return keyring;
      const keyId = envelopeKeyId(envelope);
      if (keyring.keys.has(keyId) || triedReloadFor.has(keyId)) return keyring;
      triedReloadFor.add(keyId);
      keyring = reload();
      return keyring;
    },
  };
}
