import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { envelopeKeyId, EnvelopeError, isEnvelope, openEnvelope, rewrapEnvelope, sealEnvelope } from './envelope.ts';
import { loadStorageKeyring, rotateStorageKeyring, storageKeysVariable } from './load-storage-keyring.ts';
import { newStorageKeyringFile, parseStorageKeyring, rotateStorageKeyringFile } from './storage-keyring.ts';

const keyringFile = newStorageKeyringFile();
const keyring = parseStorageKeyring(keyringFile, 'test');
/** The content part of an envelope: the bytes after the wrap (the last `length + 28` bytes). */
const contentOf = (envelope: Buffer, plaintextLength: number): Buffer => envelope.subarray(envelope.length - (plaintextLength + 28));

describe('envelopes', () => {
  it('round-trip any content, with a fresh data key (and so different bytes) every time', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (plaintext) => {
        const envelope = sealEnvelope(plaintext, keyring);
        expect(isEnvelope(envelope)).toBe(true);
        expect(envelopeKeyId(envelope)).toBe(keyring.current.id);
        expect(openEnvelope(envelope, keyring).equals(Buffer.from(plaintext))).toBe(true);
        const again = sealEnvelope(plaintext, keyring);
        expect(again.equals(envelope)).toBe(false);
      }),
      { numRuns: 40 },
    );
    expect(openEnvelope(sealEnvelope('{"id":"resp_1","output":"é"}', keyring), keyring).toString('utf8')).toBe('{"id":"resp_1","output":"é"}');
  });

  it('detect a change to any single byte, and any truncation or extension', () => {
    const plaintext = Buffer.from('the stored answer: CUI//SP-CTI');
    const envelope = sealEnvelope(plaintext, keyring);
    for (let index = 0; index < envelope.length; index++) {
      const altered = Buffer.from(envelope);
      altered[index]! ^= 1 << (index % 8);
      expect(() => openEnvelope(altered, keyring), `byte ${index}`).toThrow(EnvelopeError);
    }
    for (const length of [0, 3, 7, 40, 1200, envelope.length - 1]) {
      expect(() => openEnvelope(envelope.subarray(0, length), keyring), `length ${length}`).toThrow(EnvelopeError);
    }
    expect(() => openEnvelope(Buffer.concat([envelope, Buffer.from([0])]), keyring)).toThrow(EnvelopeError);
    expect(isEnvelope(Buffer.from('{"id":"resp_1"}'))).toBe(false);
  });

  it('are refused, naming the key id, by a keyring that does not hold their key', () => {
    const other = parseStorageKeyring(newStorageKeyringFile(), 'other');
    const envelope = sealEnvelope('x', keyring);
    expect(() => openEnvelope(envelope, other)).toThrow(`storage key ${keyring.current.id}, which is not in the keyring`);
  });

  it('rotation re-wraps the data key without re-encrypting the content; old envelopes still open', () => {
    const rotatedFile = rotateStorageKeyringFile(keyringFile);
    const rotated = parseStorageKeyring(rotatedFile, 'rotated');
    expect(rotated.current.id).not.toBe(keyring.current.id);
    const plaintext = Buffer.from('sealed before the rotation');
    const old = sealEnvelope(plaintext, keyring);
    // Still readable after rotation, before any re-wrap.
    expect(openEnvelope(old, rotated).equals(plaintext)).toBe(true);
    const rewrapped = rewrapEnvelope(old, rotated);
    expect(envelopeKeyId(rewrapped)).toBe(rotated.current.id);
    expect(contentOf(rewrapped, plaintext.length).equals(contentOf(old, plaintext.length))).toBe(true);
    expect(rewrapped.subarray(0, rewrapped.length - plaintext.length - 28).equals(old.subarray(0, old.length - plaintext.length - 28))).toBe(false);
    // The new key alone opens it: the old key is no longer needed.
    const newOnly = parseStorageKeyring({ ...rotatedFile, keys: rotatedFile.keys.filter((key) => key.id === rotatedFile.current) }, 'new only');
    expect(openEnvelope(rewrapped, newOnly).equals(plaintext)).toBe(true);
    expect(() => openEnvelope(old, newOnly)).toThrow(EnvelopeError);
    // Re-wrapping an envelope already under the current key changes nothing.
    expect(rewrapEnvelope(rewrapped, rotated).equals(rewrapped)).toBe(true);
  });
});

describe('the storage keyring', () => {
  let directory: string | undefined;
  afterEach(() => {
    if (directory) rmSync(directory, { recursive: true, force: true });
    directory = undefined;
  });

  it('is created 0600 on first use, read back with the same keys, and rotated in place keeping the old keys', () => {
    directory = mkdtempSync(join(tmpdir(), 'sovereign-storage-keys-'));
    const file = join(directory, 'storage-keys.json');
    const first = loadStorageKeyring(file, {});
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadStorageKeyring(file, {}).current.id).toBe(first.current.id);
    const sealed = sealEnvelope('stored response under the old key', first);
    const rotated = rotateStorageKeyring(file, {});
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const reloaded = loadStorageKeyring(file, {});
    expect(reloaded.current.id).toBe(rotated.current.id);
    expect([...reloaded.keys.keys()].sort()).toEqual([first.current.id, rotated.current.id].sort());
    expect(openEnvelope(sealed, reloaded).toString()).toBe('stored response under the old key');
  });

  it('refuses a file other users can read, a bad file and a mismatched key id, without quoting a secret', () => {
    directory = mkdtempSync(join(tmpdir(), 'sovereign-storage-keys-'));
    const file = join(directory, 'storage-keys.json');
    loadStorageKeyring(file, {});
    chmodSync(file, 0o644);
    expect(() => loadStorageKeyring(file, {})).toThrow(/readable by other users \(mode 644\); run: chmod 600/);
    chmodSync(file, 0o600);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as ReturnType<typeof newStorageKeyringFile>;
    const secret = stored.keys[0]!.mlKemSeed;
    writeFileSync(file, JSON.stringify({ ...stored, keys: [{ ...stored.keys[0]!, id: 'ffffffffffffffff' }] }), { mode: 0o600 });
    expect(() => loadStorageKeyring(file, {})).toThrow('id ffffffffffffffff does not match its key material');
    writeFileSync(file, '{not json', { mode: 0o600 });
    expect(() => loadStorageKeyring(file, {})).toThrow('is not valid JSON');
    const broken = { ...stored, keys: [{ ...stored.keys[0]!, mlKemSeed: secret.slice(4) }] };
    let message = '';
    try {
      parseStorageKeyring(broken, 'file');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('cannot be read');
    expect(message).not.toContain(secret.slice(4, 20));
  });

  it('comes from SOVEREIGN_STORAGE_KEYS when set (no file written), and then refuses to rotate the file', () => {
    directory = mkdtempSync(join(tmpdir(), 'sovereign-storage-keys-'));
    const file = join(directory, 'storage-keys.json');
    const env = { [storageKeysVariable]: JSON.stringify(keyringFile) };
    expect(loadStorageKeyring(file, env).current.id).toBe(keyring.current.id);
    expect(() => statSync(file)).toThrow();
    expect(() => rotateStorageKeyring(file, env)).toThrow(`come from ${storageKeysVariable}`);
  });
});
