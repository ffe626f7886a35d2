import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KeyRepository, StoredKey } from './key-repository.ts';

/** A repository under test and how to dispose of it. */
export interface RepositoryFixture<Repository> {
  repository: Repository;
  close(): void | Promise<void>;
}

export function sampleKey(overrides: Partial<StoredKey> = {}): StoredKey {
  return {
    id: 'key_a',
    tenant: 'acme',
    name: 'app',
    prefix: 'sk-sov-AbCd',
    hash: 'a'.repeat(64),
    scopes: ['chat'],
    models: ['gpt-*'],
    clearance: 'OFFICIAL',
    country: 'DE',
    labels: ['team-x'],
    budgets: { usdPerMonth: 10, tokensPerDay: 1000 },
    rateLimits: { requestsPerMinute: 60 },
    expiresAt: 2_000_000_000_000,
    createdAt: 1_700_000_000_000,
    ...overrides,
  };
}

/**
 * The behaviour every `KeyRepository` backend must have. Call it from a backend's test file with a factory
 * that opens a fresh, empty store.
 */
export function describeKeyRepositoryContract(backend: string, open: () => Promise<RepositoryFixture<KeyRepository>>): void {
  describe(`KeyRepository contract (${backend})`, () => {
    let fixture: RepositoryFixture<KeyRepository>;
    beforeEach(async () => {
      fixture = await open();
    });
    afterEach(async () => {
      await fixture.close();
    });

    it('stores a key and reads back every field', async () => {
      const key = sampleKey({ previousHash: 'b'.repeat(64), previousHashExpiresAt: 1_700_000_100_000, rotatedAt: 1_700_000_050_000 });
      await fixture.repository.insert(key);
      expect(await fixture.repository.get('key_a')).toEqual(key);
    });

    it('leaves optional fields absent rather than null', async () => {
      const { country: _country, expiresAt: _expiresAt, ...key } = sampleKey();
      await fixture.repository.insert(key);
      const read = await fixture.repository.get('key_a');
      expect(read).toEqual(key);
      expect(read && 'country' in read).toBe(false);
    });

    it('refuses a duplicate id or hash', async () => {
      await fixture.repository.insert(sampleKey());
      await expect(fixture.repository.insert(sampleKey({ hash: 'c'.repeat(64) }))).rejects.toThrow();
      await expect(fixture.repository.insert(sampleKey({ id: 'key_b' }))).rejects.toThrow();
    });

    it('lists by tenant in creation order and hides revoked keys unless asked', async () => {
      await fixture.repository.insert(sampleKey({ id: 'key_2', hash: '2'.repeat(64), createdAt: 2 }));
      await fixture.repository.insert(sampleKey({ id: 'key_1', hash: '1'.repeat(64), createdAt: 1 }));
      await fixture.repository.insert(sampleKey({ id: 'key_3', hash: '3'.repeat(64), createdAt: 3, tenant: 'other' }));
      await fixture.repository.revoke('key_2', 10);
      expect((await fixture.repository.list()).map((key) => key.id)).toEqual(['key_1', 'key_3']);
      expect((await fixture.repository.list({ tenant: 'acme', includeRevoked: true })).map((key) => key.id)).toEqual(['key_1', 'key_2']);
      expect((await fixture.repository.list({ tenant: 'nobody' }))).toEqual([]);
    });

    it('revokes once: the first revocation time is kept', async () => {
      await fixture.repository.insert(sampleKey());
      expect((await fixture.repository.revoke('key_a', 100))?.revokedAt).toBe(100);
      expect((await fixture.repository.revoke('key_a', 200))?.revokedAt).toBe(100);
      expect(await fixture.repository.revoke('key_missing', 100)).toBeUndefined();
    });

    it('changes the hash of a live key only', async () => {
      await fixture.repository.insert(sampleKey());
      const changed = await fixture.repository.changeHash('key_a', {
        hash: 'd'.repeat(64),
        prefix: 'sk-sov-WxYz',
        previousHash: 'a'.repeat(64),
        previousHashExpiresAt: 500,
        rotatedAt: 400,
      });
      expect(changed).toMatchObject({ hash: 'd'.repeat(64), prefix: 'sk-sov-WxYz', previousHash: 'a'.repeat(64), previousHashExpiresAt: 500, rotatedAt: 400 });
      const again = await fixture.repository.changeHash('key_a', { hash: 'e'.repeat(64), prefix: 'sk-sov-Efgh', rotatedAt: 600 });
      expect(again?.previousHash).toBeUndefined();
      await fixture.repository.revoke('key_a', 700);
      expect(await fixture.repository.changeHash('key_a', { hash: 'f'.repeat(64), prefix: 'x', rotatedAt: 800 })).toBeUndefined();
      expect(await fixture.repository.changeHash('key_missing', { hash: 'f'.repeat(64), prefix: 'x', rotatedAt: 800 })).toBeUndefined();
    });

    it('moves the revision by one for every change and not for a change that changes nothing', async () => {
      const seen = [await fixture.repository.revision()];
      await fixture.repository.insert(sampleKey());
      seen.push(await fixture.repository.revision());
      await fixture.repository.changeHash('key_a', { hash: 'd'.repeat(64), prefix: 'p', rotatedAt: 1 });
      seen.push(await fixture.repository.revision());
      await fixture.repository.revoke('key_a', 2);
      seen.push(await fixture.repository.revision());
      await fixture.repository.revoke('key_a', 3);
      seen.push(await fixture.repository.revision());
      const first = seen[0] ?? 0;
      expect(seen).toEqual([first, first + 1, first + 2, first + 3, first + 3]);
    });
  });
}
