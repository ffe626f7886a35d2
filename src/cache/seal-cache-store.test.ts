import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { envelopeKeyId, sealEnvelope } from '../security/envelope/envelope.ts';
import { newStorageKeyringFile, parseStorageKeyring, rotateStorageKeyringFile } from '../security/envelope/storage-keyring.ts';
import { cache } from '../server/stages/cache.ts';
import { describeCacheStore } from './cache-store-contract.ts';
import { chatRequest, fakeDispatch, routedContext, run } from './cache-test-support.ts';
import { createMemoryCacheStore } from './memory-cache-store.ts';
import { sealCacheStore } from './seal-cache-store.ts';
import { decodeCacheEntry, encodeCacheEntry, sealedCacheValuePrefix, type CacheEntryRefusal } from './sealed-cache-entry.ts';

const keyringFile = newStorageKeyringFile();
const keyring = parseStorageKeyring(keyringFile, 'test');
const question = 'Summarise the record of patient Jane Roe, MRN 448812';
const answer = 'fake-provider answers: Jane Roe, MRN 448812, is stable';

function sealedMemory(options: { reload?: () => ReturnType<typeof parseStorageKeyring> } = {}) {
  let time = 1_000_000;
  const plain = createMemoryCacheStore({ now: () => time });
  const refusals: CacheEntryRefusal[] = [];
  const store = sealCacheStore(plain, keyring, { ...options, onRefused: (refusal) => refusals.push(refusal) });
  return { plain, store, refusals, advance: (ms: number) => void (time += ms) };
}

const envelopeOf = (stored: string): Buffer => Buffer.from(stored.slice(sealedCacheValuePrefix.length), 'base64');
const storedOf = (envelope: Buffer): string => `${sealedCacheValuePrefix}${envelope.toString('base64')}`;

// The sealing wrapper keeps the whole store contract.
describeCacheStore('memory store, sealed', () => {
  const { store, advance } = sealedMemory();
  return { store, advance };
});

describe('the cache-entry codec', () => {
  it('round-trips any namespace, key and value, and decodes anything else to undefined without throwing', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string({ unit: 'binary', maxLength: 500 }), (namespace, key, value) => {
        expect(decodeCacheEntry(encodeCacheEntry({ namespace, key, value }))).toEqual({ namespace, key, value });
      }),
      { numRuns: 60 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(() => decodeCacheEntry(bytes)).not.toThrow();
        expect(decodeCacheEntry(Buffer.from(JSON.stringify(['sovereign-cache-entry/v1', 'a', 'b', bytes.length])))).toBeUndefined();
      }),
      { numRuns: 60 },
    );
  });
});

describe('sealed cached answers', () => {
  it('keep no plaintext in the store underneath, and read back as stored', async () => {
    const { plain, store } = sealedMemory();
    const value = JSON.stringify({ question, answer });
    await store.set('acme', 'key-1', value, 60_000);
    const raw = (await plain.get('acme', 'key-1'))!;
    expect(raw.startsWith(sealedCacheValuePrefix)).toBe(true);
    expect(raw).not.toContain('MRN');
    expect(Buffer.from(raw.slice(sealedCacheValuePrefix.length), 'base64').toString('latin1')).not.toContain('448812');
    expect(envelopeKeyId(envelopeOf(raw))).toBe(keyring.current.id);
    expect(await store.get('acme', 'key-1')).toBe(value);
  });

  it('treat a change to any byte of the envelope, or any character of the stored value, as a miss (never the content)', async () => {
    const { plain, store, refusals } = sealedMemory();
    await store.set('acme', 'k', answer, 60_000);
    const raw = (await plain.get('acme', 'k'))!;
    const envelope = envelopeOf(raw);
    // Every byte of the content and its tag, every third byte of the wrap (envelope.test.ts alters every one).
    const contentStart = envelope.length - Buffer.byteLength(JSON.stringify(['sovereign-cache-entry/v1', 'acme', 'k', answer])) - 28;
    let alteredCount = 0;
    for (let index = 0; index < envelope.length; index += index < contentStart ? 3 : 1) {
      alteredCount++;
      const altered = Buffer.from(envelope);
      altered[index]! ^= 1 << (index % 8);
      await plain.set('acme', 'k', storedOf(altered), 60_000);
      expect(await store.get('acme', 'k'), `byte ${index}`).toBeUndefined();
    }
    expect(refusals).toHaveLength(alteredCount);
    expect(new Set(refusals.map((refusal) => refusal.reason))).toEqual(new Set(['altered', 'unknown-key']));
    for (const refusal of refusals) expect(JSON.stringify(refusal)).not.toContain('MRN');
    // Characters of the stored text (prefix and base64), swapped for another character.
    for (let index = 0; index < raw.length; index += 7) {
      const altered = `${raw.slice(0, index)}${raw[index] === 'A' ? 'B' : 'A'}${raw.slice(index + 1)}`;
      await plain.set('acme', 'k', altered, 60_000);
      expect(await store.get('acme', 'k'), `character ${index}`).toBeUndefined();
    }
    await plain.set('acme', 'k', raw.slice(0, -8), 60_000);
    expect(await store.get('acme', 'k')).toBeUndefined();
    await plain.set('acme', 'k', raw, 60_000);
    expect(await store.get('acme', 'k')).toBe(answer);
  });

  it('do not open when moved to another key or tenant, nor serve a value stored in clear', async () => {
    const { plain, store, refusals } = sealedMemory();
    await store.set('tenant-a', 'k1', answer, 60_000);
    const raw = (await plain.get('tenant-a', 'k1'))!;
    await plain.set('tenant-b', 'k1', raw, 60_000);
    await plain.set('tenant-a', 'k2', raw, 60_000);
    expect(await store.get('tenant-b', 'k1')).toBeUndefined();
    expect(await store.get('tenant-a', 'k2')).toBeUndefined();
    await plain.set('tenant-a', 'k3', answer, 60_000);
    expect(await store.get('tenant-a', 'k3')).toBeUndefined();
    // A well-formed envelope whose content is not a cache entry.
    await plain.set('tenant-a', 'k4', storedOf(sealEnvelope(answer, keyring)), 60_000);
    expect(await store.get('tenant-a', 'k4')).toBeUndefined();
    expect(refusals.map((refusal) => [refusal.namespace, refusal.reason])).toEqual([
      ['tenant-b', 'misplaced'],
      ['tenant-a', 'misplaced'],
      ['tenant-a', 'unsealed'],
      ['tenant-a', 'altered'],
    ]);
    expect(await store.get('tenant-a', 'k1')).toBe(answer);
  });

  it('still open under the old key after a rotation, load the new key when they meet it, and seal new entries under it', async () => {
    const rotatedFile = rotateStorageKeyringFile(keyringFile);
    const rotated = parseStorageKeyring(rotatedFile, 'rotated');
    let reloads = 0;
    const { plain, store } = sealedMemory({ reload: () => (reloads++, rotated) });
    await store.set('acme', 'old', 'sealed before the rotation', 60_000);
    // Another instance (same store) already runs with the rotated keyring.
    const other = sealCacheStore(plain, rotated);
    expect(await other.get('acme', 'old')).toBe('sealed before the rotation');
    await other.set('acme', 'new', 'sealed after the rotation', 60_000);
    expect(await store.get('acme', 'new')).toBe('sealed after the rotation');
    expect(reloads).toBe(1);
    await store.set('acme', 'later', 'x', 60_000);
    expect(envelopeKeyId(envelopeOf((await plain.get('acme', 'later'))!))).toBe(rotated.current.id);
    expect(await store.get('acme', 'old')).toBe('sealed before the rotation');
  });

  it('serve a tampered entry as a miss through the cache stage: the provider answers again, the request never fails', async () => {
    const { plain, store, refusals } = sealedMemory();
    const dispatch = fakeDispatch();
    const stages = [cache({ store }), dispatch];
    const first = await run(stages, routedContext({ request: chatRequest(question) }));
    const hit = routedContext({ request: chatRequest(question) });
    expect((await run(stages, hit)).result).toEqual(first.result);
    expect(hit.responseHeaders['x-sovereign-cache']).toBe('hit');
    expect(dispatch.calls).toBe(1);
    // Alter the only entry in the store, in place.
    const [namespace, key] = ['acme', await onlyKey(plain, store)];
    const envelope = envelopeOf((await plain.get(namespace, key))!);
    envelope[envelope.length - 3]! ^= 0x40;
    await plain.set(namespace, key, storedOf(envelope), 60_000);
    const after = routedContext({ request: chatRequest(question) });
    expect((await run(stages, after)).result).toEqual(first.result);
    expect(after.responseHeaders['x-sovereign-cache']).toBe('miss');
    expect(dispatch.calls).toBe(2);
    expect(refusals).toMatchObject([{ namespace: 'acme', reason: 'altered' }]);
  });
});

/** The key the cache stage used (the exact key is a hash), found by asking the store for the entry it wrote. */
async function onlyKey(plain: ReturnType<typeof createMemoryCacheStore>, store: ReturnType<typeof sealCacheStore>): Promise<string> {
  const { exactChatKey, cacheBoundary } = await import('./exact-cache-key.ts');
  const context = routedContext({ request: chatRequest(question) });
  const key = exactChatKey(chatRequest(question), { tenant: 'acme', boundary: cacheBoundary(context.decision!.candidates), partition: {} });
  expect(await plain.get('acme', key)).toMatch(/^sve1:/);
  expect(await store.get('acme', key)).toContain('MRN 448812');
  return key;
}
