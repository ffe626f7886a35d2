import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { newStorageKeyringFile, parseStorageKeyring, parseStoragePublicKey, storagePublicKeyFile, type StoragePublicKey } from '../envelope/storage-keyring.ts';
import { createSealedBundleWriter, isSealedBundle, openSealedBundle, SealedBundleError } from './sealed-audit-bundle.ts';

const keyring = parseStorageKeyring(newStorageKeyringFile(), 'test');
const directory = mkdtempSync(join(tmpdir(), 'sovereign-bundle-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
let counter = 0;

/** Seals `pieces` into a new bundle file with small chunks (so there are several), for `recipient`. */
function sealPieces(pieces: string[], chunkBytes = 64, recipient: StoragePublicKey = keyring.current): string {
  const file = join(directory, `bundle-${counter++}.svb`);
  const descriptor = openSync(file, 'w', 0o600);
  const writer = createSealedBundleWriter(descriptor, recipient, chunkBytes);
  for (const piece of pieces) writer.write(piece);
  writer.end();
  closeSync(descriptor);
  return file;
}
const openAll = (file: string, ring = keyring): string => Buffer.concat([...openSealedBundle(file, ring)]).toString('utf8');
/** Frames of a bundle file: [offset, length] of each envelope. */
function frames(bytes: Buffer): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  for (let offset = 8; offset < bytes.length; ) {
    const length = bytes.readUInt32BE(offset);
    found.push([offset, length + 4]);
    offset += 4 + length;
  }
  return found;
}
const write = (bytes: Buffer): string => {
  const file = join(directory, `altered-${counter++}.svb`);
  writeFileSync(file, bytes);
  return file;
};

describe('sealed audit bundles', () => {
  it('round-trip any text in any pieces, across chunk boundaries (also empty)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 80 }), { maxLength: 12 }), (pieces) => {
        const file = sealPieces(pieces, 50);
        expect(isSealedBundle(file)).toBe(true);
        expect(openAll(file)).toBe(pieces.join(''));
      }),
      { numRuns: 25 },
    );
    expect(openAll(sealPieces([]))).toBe('');
  });

  it('hold no plaintext, and open for a recipient given only its public key file', () => {
    const recipientKeyring = parseStorageKeyring(newStorageKeyringFile(), 'auditor');
    const publicKey = parseStoragePublicKey(JSON.parse(JSON.stringify(storagePublicKeyFile(recipientKeyring.current))), 'auditor.pub.json');
    const file = sealPieces(['{"tenant":"acme","text":"Jane Roe MRN 448812"}\n'], 1 << 20, publicKey);
    expect(readFileSync(file).toString('latin1')).not.toContain('448812');
    expect(openAll(file, recipientKeyring)).toContain('MRN 448812');
    expect(() => openAll(file, keyring)).toThrow(new SealedBundleError(`chunk 0: envelope sealed under storage key ${recipientKeyring.current.id}, which is not in the keyring`));
  });

  it('refuse a changed byte anywhere, a truncation, reordered, dropped, repeated or spliced chunks, and appended data', () => {
    const text = Array.from({ length: 12 }, (_, index) => `{"seq":${index},"secret":"line ${index}"}\n`);
    const file = sealPieces(text, 60);
    const bytes = readFileSync(file);
    const parts = frames(bytes);
    expect(parts.length).toBeGreaterThan(3);
    // Every 13th byte of the file, and the first and last bytes of every frame.
    const positions = new Set<number>([...Array.from({ length: Math.ceil(bytes.length / 13) }, (_, index) => index * 13), ...parts.flatMap(([offset, length]) => [offset, offset + 5, offset + length - 1])]);
    for (const position of positions) {
      const altered = Buffer.from(bytes);
      altered[position]! ^= 0x04;
      expect(() => openAll(write(altered)), `byte ${position}`).toThrow(SealedBundleError);
    }
    const frame = (index: number) => bytes.subarray(parts[index]![0], parts[index]![0] + parts[index]![1]);
    const head = bytes.subarray(0, 8);
    const others = parts.map((_, index) => frame(index));
    const attempts: Array<[string, Buffer, RegExp]> = [
      ['truncated in a frame', bytes.subarray(0, bytes.length - 10), /truncated/],
      ['last frame dropped', Buffer.concat([head, ...others.slice(0, -1)]), /ends after chunk \d+ without its final chunk/],
      ['frames swapped', Buffer.concat([head, others[1]!, others[0]!, ...others.slice(2)]), /chunk 0 is chunk 1 of the bundle/],
      ['a frame repeated', Buffer.concat([head, others[0]!, others[0]!, ...others.slice(1)]), /chunk 1 is chunk 0 of the bundle/],
      ['data appended', Buffer.concat([bytes, Buffer.from([0])]), /data follows the final chunk/],
      ['not a bundle', Buffer.from('{"type":"header"}\n'), /not a sealed Sovereign audit bundle/],
    ];
    const other = readFileSync(sealPieces(text, 60));
    const otherParts = frames(other);
    attempts.push(['a frame from another bundle', Buffer.concat([head, others[0]!, other.subarray(otherParts[1]![0], otherParts[1]![0] + otherParts[1]![1]), ...others.slice(2)]), /chunk 1 belongs to another bundle/]);
    for (const [name, altered, reason] of attempts) expect(() => openAll(write(altered)), name).toThrow(reason);
    expect(openAll(file)).toBe(text.join(''));
  });
});
