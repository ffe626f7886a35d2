import { describe, expect, it } from 'vitest';
import { describeCacheStore } from './cache-store-contract.ts';
import { createMemoryCacheStore, type MemoryCacheStoreOptions } from './memory-cache-store.ts';

function fixture(options: MemoryCacheStoreOptions = {}) {
  let time = 1_000_000;
  const store = createMemoryCacheStore({ ...options, now: () => time });
  return { store, advance: (ms: number) => void (time += ms) };
}

describeCacheStore('memory store', () => fixture());

describe('createMemoryCacheStore limits', () => {
  it('evicts the least recently used entry beyond the entry limit; a read counts as use', async () => {
    const { store } = fixture({ maxEntriesPerNamespace: 2 });
    await store.set('t', 'a', '1', 60_000);
    await store.set('t', 'b', '2', 60_000);
    expect(await store.get('t', 'a')).toBe('1');
    await store.set('t', 'c', '3', 60_000);
    expect(await store.get('t', 'b')).toBeUndefined();
    expect(await store.get('t', 'a')).toBe('1');
    expect(await store.get('t', 'c')).toBe('3');
  });

  it('evicts by bytes (UTF-8 of key and value) and refuses a value larger than the limit', async () => {
    const { store } = fixture({ maxBytesPerNamespace: 30 });
    await store.set('t', 'a', 'x'.repeat(10), 60_000);
    await store.set('t', 'b', 'é'.repeat(5), 60_000);
    expect(store.usage('t')).toEqual({ entries: 2, bytes: 22 });
    await store.set('t', 'c', 'z'.repeat(9), 60_000);
    expect(await store.get('t', 'a')).toBeUndefined();
    expect(store.usage('t')).toEqual({ entries: 2, bytes: 21 });
    await store.set('t', 'huge', 'y'.repeat(40), 60_000);
    expect(await store.get('t', 'huge')).toBeUndefined();
    expect(await store.get('t', 'c')).toBe('z'.repeat(9));
  });

  it('drops expired entries before evicting live ones', async () => {
    const { store, advance } = fixture({ maxEntriesPerNamespace: 2 });
    await store.set('t', 'old', '1', 1_000);
    await store.set('t', 'live', '2', 60_000);
    expect(await store.get('t', 'old')).toBe('1');
    advance(2_000);
    await store.set('t', 'new', '3', 60_000);
    expect(await store.get('t', 'live')).toBe('2');
    expect(await store.get('t', 'new')).toBe('3');
  });

  it('keeps each tenant within its own limit: one tenant cannot evict another', async () => {
    const { store } = fixture({ maxEntriesPerNamespace: 2 });
    await store.set('quiet', 'k', 'kept', 60_000);
    for (let index = 0; index < 50; index++) await store.set('noisy', `k${index}`, 'v', 60_000);
    expect(await store.get('quiet', 'k')).toBe('kept');
    expect(store.usage('noisy').entries).toBe(2);
  });
});
