import { describe, expect, it } from 'vitest';
import type { CacheStore } from './cache-store.ts';

/** A store under test plus the means to move its clock. */
export interface CacheStoreFixture {
  store: CacheStore;
  advance(ms: number): void;
}

/** The behaviour every `CacheStore` backend must have; run it from each backend's test file. */
export function describeCacheStore(name: string, create: () => CacheStoreFixture | Promise<CacheStoreFixture>): void {
  describe(`${name} (CacheStore contract)`, () => {
    it('returns what was set, per namespace, until deleted', async () => {
      const { store } = await create();
      await store.set('tenant-a', 'k', 'answer A', 60_000);
      await store.set('tenant-b', 'k', 'answer B', 60_000);
      expect(await store.get('tenant-a', 'k')).toBe('answer A');
      expect(await store.get('tenant-b', 'k')).toBe('answer B');
      expect(await store.get('tenant-c', 'k')).toBeUndefined();
      await store.delete('tenant-a', 'k');
      expect(await store.get('tenant-a', 'k')).toBeUndefined();
      expect(await store.get('tenant-b', 'k')).toBe('answer B');
    });

    it('forgets an entry when its time to live has passed', async () => {
      const { store, advance } = await create();
      await store.set('t', 'short', 'x', 1_000);
      await store.set('t', 'long', 'y', 10_000);
      advance(999);
      expect(await store.get('t', 'short')).toBe('x');
      advance(1);
      expect(await store.get('t', 'short')).toBeUndefined();
      expect(await store.get('t', 'long')).toBe('y');
    });

    it('replaces a value set twice', async () => {
      const { store } = await create();
      await store.set('t', 'k', 'first', 60_000);
      await store.set('t', 'k', 'second', 60_000);
      expect(await store.get('t', 'k')).toBe('second');
    });
  });
}
