import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { EnvelopeError, openEnvelope, sealEnvelopeFor } from '../envelope/envelope.ts';
import type { StorageKeyring, StoragePublicKey } from '../envelope/storage-keyring.ts';

/**
 * A sealed audit bundle: the export's JSON Lines cut into chunks of about 1 MiB, each chunk a post-quantum envelope
 * (`sealEnvelopeFor`) for one recipient key, framed as
 *
 *   magic "SVAUDIT1" | frames: length (4 bytes, big endian) | envelope
 *
 * Each envelope's plaintext is: bundle id (16 random bytes) | chunk index (4 bytes, big endian) | last (1 byte: 1 on
 * the final chunk) | the chunk. So chunks cannot be reordered, dropped, repeated, spliced in from another bundle or
 * cut off at the end without the opening failing; the envelopes' AES-GCM tags cover every byte.
 */
const magic = Buffer.from('SVAUDIT1', 'ascii');
const bundleIdLength = 16;
const chunkHeaderLength = bundleIdLength + 4 + 1;
/** Largest frame accepted when opening (a chunk is about 1 MiB; anything far larger is not ours). */
const maxFrameLength = 64 * 1024 * 1024;

/** Why a sealed bundle cannot be opened: malformed, altered, truncated, or not sealed for this keyring. Never content. */
export class SealedBundleError extends Error {
  override name = 'SealedBundleError';
}

/** Whether the file starts like a sealed bundle (a plain export starts with `{`). */
export function isSealedBundle(file: string): boolean {
  const descriptor = openSync(file, 'r');
  try {
    const head = Buffer.alloc(magic.length);
    return readSync(descriptor, head, 0, head.length, 0) === magic.length && head.equals(magic);
  } finally {
    closeSync(descriptor);
  }
}

/** Writes a sealed bundle to an open file: `write` the export's text in any pieces, then `end` once. */
export function createSealedBundleWriter(descriptor: number, recipient: StoragePublicKey, chunkBytes = 1 << 20): { write(text: string): void; end(): void } {
  const bundleId = randomBytes(bundleIdLength);
  let index = 0;
  let pending: Buffer[] = [];
  let pendingLength = 0;
  let held: Buffer | undefined;
  writeSync(descriptor, magic);
  const frame = (chunk: Buffer, last: boolean): void => {
    const header = Buffer.alloc(chunkHeaderLength);
    bundleId.copy(header, 0);
    header.writeUInt32BE(index++, bundleIdLength);
    header[bundleIdLength + 4] = last ? 1 : 0;
    const envelope = sealEnvelopeFor(Buffer.concat([header, chunk]), recipient);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(envelope.length, 0);
    writeSync(descriptor, Buffer.concat([length, envelope]));
  };
  // A chunk is held back until the next one exists, so the final chunk can be marked last.
  const cut = (): void => {
    if (held) frame(held, false);
    held = Buffer.concat(pending);
    pending = [];
    pendingLength = 0;
  };
  return {
    write(text) {
      const bytes = Buffer.from(text, 'utf8');
      pending.push(bytes);
      pendingLength += bytes.length;
      if (pendingLength >= chunkBytes) cut();
    },
    end() {
      if (pendingLength > 0 || !held) cut();
      frame(held!, true);
    },
  };
}

/**
 * Opens a sealed bundle chunk by chunk (streaming: one chunk in memory at a time), checking every frame, the bundle
 * id, the chunk order and the final marker. Throws `SealedBundleError` naming the chunk and the reason.
 */
export function* openSealedBundle(file: string, keyring: StorageKeyring): Generator<Buffer> {
  const descriptor = openSync(file, 'r');
  try {
    let position = 0;
    const read = (length: number): Buffer | undefined => {
      const buffer = Buffer.alloc(length);
      let filled = 0;
      while (filled < length) {
        const count = readSync(descriptor, buffer, filled, length - filled, position + filled);
        if (count === 0) break;
        filled += count;
      }
      position += filled;
      if (filled === 0) return undefined;
      if (filled < length) throw new SealedBundleError('the bundle is truncated (a chunk is cut short)');
      return buffer;
    };
    const head = read(magic.length);
    if (!head?.equals(magic)) throw new SealedBundleError('not a sealed Sovereign audit bundle');
    let bundleId: Buffer | undefined;
    for (let index = 0; ; index++) {
      const lengthBytes = read(4);
      if (lengthBytes === undefined) throw new SealedBundleError(`the bundle is truncated: it ends after chunk ${index - 1} without its final chunk`);
      const length = lengthBytes.readUInt32BE(0);
      if (length > maxFrameLength) throw new SealedBundleError(`chunk ${index} is malformed (claims ${length} bytes)`);
      const envelope = read(length);
      if (envelope === undefined) throw new SealedBundleError(`the bundle is truncated at chunk ${index}`);
      let plaintext: Buffer;
      try {
        plaintext = openEnvelope(envelope, keyring);
      } catch (error) {
        if (error instanceof EnvelopeError) throw new SealedBundleError(`chunk ${index}: ${error.message}`);
        throw error;
      }
      if (plaintext.length < chunkHeaderLength) throw new SealedBundleError(`chunk ${index} is malformed`);
      const id = plaintext.subarray(0, bundleIdLength);
      if (bundleId === undefined) bundleId = Buffer.from(id);
      else if (!id.equals(bundleId)) throw new SealedBundleError(`chunk ${index} belongs to another bundle (spliced)`);
      const claimed = plaintext.readUInt32BE(bundleIdLength);
      if (claimed !== index) throw new SealedBundleError(`chunk ${index} is chunk ${claimed} of the bundle (reordered, dropped or repeated)`);
      const last = plaintext[bundleIdLength + 4] === 1;
      yield plaintext.subarray(chunkHeaderLength);
      if (last) {
        if (read(1) !== undefined) throw new SealedBundleError(`data follows the final chunk ${index} (appended)`);
        return;
      }
    }
  } finally {
    closeSync(descriptor);
  }
}
