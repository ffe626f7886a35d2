import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../store/sqlite/open-database.ts';
import { createSqliteKeyRepository } from '../../store/sqlite/sqlite-key-repository.ts';
import { hashSecret } from '../key-store.ts';
import { createKeyService } from './key-service.ts';
import { toKeyView } from './key-view.ts';
import { openKeyFixture, type KeyFixture } from './test-key-fixture.ts';
import { createVirtualKeyStore } from './virtual-key-store.ts';

describe('virtual key lifecycle', () => {
  let fixture: KeyFixture;
  beforeEach(async () => {
    fixture = await openKeyFixture();
  });
  afterEach(() => {
    fixture.close();
  });

  it('creates a key whose secret authenticates to a principal with its settings', async () => {
    const { key, secret } = await fixture.service.create({
      tenant: 'acme',
      name: 'billing app',
      scopes: ['chat'],
      models: ['gpt-4o*'],
      clearance: 'OFFICIAL',
      country: 'DE',
      labels: ['finance'],
      budgets: { usdPerMonth: 25 },
      rateLimits: { requestsPerMinute: 100, tokensPerMinute: 50_000 },
    });
    expect(secret).toMatch(/^sk-sov-[A-Za-z0-9_-]{32}$/);
    expect(key.id).toMatch(/^key_[0-9a-f]{20}$/);
    expect(key.prefix).toBe(secret.slice(0, 11));
    expect(fixture.store.authenticate(secret)).toEqual({
      tenant: 'acme',
      keyId: key.id,
      keyName: 'billing app',
      scopes: ['chat'],
      models: ['gpt-4o*'],
      clearance: 'OFFICIAL',
      country: 'DE',
      labels: ['finance'],
      budgets: { usdPerMonth: 25 },
      rateLimits: { requestsPerMinute: 100, tokensPerMinute: 50_000 },
    });
    expect(Object.isFrozen(fixture.store.authenticate(secret))).toBe(true);
  });

  it('stores only the hash: the secret is nowhere in the database file, listings or views', async () => {
    const { key, secret } = await fixture.service.create({ tenant: 'acme', name: 'app' });
    fixture.database.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(fixture.file).includes(Buffer.from(secret))).toBe(false);
    const row = fixture.database.prepare('SELECT * FROM api_keys WHERE id = ?').get(key.id) as Record<string, unknown>;
    expect(row.hash).toBe(hashSecret(secret));
    const listed = JSON.stringify(await fixture.service.list({ includeRevoked: true }));
    const shown = JSON.stringify(toKeyView((await fixture.service.get(key.id))!));
    for (const text of [listed, shown]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(hashSecret(secret));
      expect(text).toContain(key.id);
    }
  });

  it('applies defaults: chat and embeddings, every model, unclassified, no limits', async () => {
    const { key } = await fixture.service.create({ tenant: 'acme', name: 'app' });
    expect(key).toMatchObject({ scopes: ['chat', 'embeddings'], models: ['*'], clearance: 'UNCLASSIFIED', labels: [], budgets: {}, rateLimits: {} });
  });

  it.each([
    [{ tenant: 'acme', name: '' }, /name/],
    [{ tenant: 'a b', name: 'x' }, /tenant/],
    [{ tenant: 'acme', name: 'x', scopes: ['root'] }, /scopes/],
    [{ tenant: 'acme', name: 'x', country: 'Germany' }, /country/],
    [{ tenant: 'acme', name: 'x', budgets: { usdPerDay: -1 } }, /budgets\.usdPerDay/],
    [{ tenant: 'acme', name: 'x', rateLimits: { requestsPerMinute: 0 } }, /rateLimits/],
  ])('refuses invalid input %j with invalid_request', async (input, message) => {
    await expect(fixture.service.create(input as never)).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringMatching(message) });
  });

  it('revokes at once; revoking again keeps the first time', async () => {
    const { key, secret } = await fixture.service.create({ tenant: 'acme', name: 'app' });
    const revoked = await fixture.service.revoke(key.id);
    expect(revoked?.revokedAt).toBe(fixture.clock.time);
    expect(fixture.store.authenticate(secret)).toBeUndefined();
    fixture.clock.time += 1_000;
    expect((await fixture.service.revoke(key.id))?.revokedAt).toBe(revoked?.revokedAt);
    expect(await fixture.service.list()).toEqual([]);
    expect(await fixture.service.list({ includeRevoked: true })).toHaveLength(1);
  });

  it('rotates: new secret, same id and settings, the old secret stops at once', async () => {
    const { key, secret } = await fixture.service.create({ tenant: 'acme', name: 'app', budgets: { usdPerDay: 3 } });
    const rotated = await fixture.service.rotate(key.id);
    expect(rotated?.secret).not.toBe(secret);
    expect(rotated?.key).toMatchObject({ id: key.id, budgets: { usdPerDay: 3 }, rotatedAt: fixture.clock.time });
    expect(fixture.store.authenticate(secret)).toBeUndefined();
    expect(fixture.store.authenticate(rotated!.secret)?.keyId).toBe(key.id);
  });

  it('rotates with a grace period: both secrets work until it ends', async () => {
    const { key, secret } = await fixture.service.create({ tenant: 'acme', name: 'app' });
    const rotated = await fixture.service.rotate(key.id, { graceSeconds: 60 });
    expect(fixture.store.authenticate(secret)?.keyId).toBe(key.id);
    expect(fixture.store.authenticate(rotated!.secret)?.keyId).toBe(key.id);
    expect(toKeyView(rotated!.key, fixture.clock.time).previous_secret_valid_until).toBe(new Date(fixture.clock.time + 60_000).toISOString());
    fixture.clock.time += 60_000;
    expect(fixture.store.authenticate(secret)).toBeUndefined();
    expect(fixture.store.authenticate(rotated!.secret)?.keyId).toBe(key.id);
  });

  it('ends the grace period on revocation and refuses to rotate a revoked key', async () => {
    const { key, secret } = await fixture.service.create({ tenant: 'acme', name: 'app' });
    const rotated = await fixture.service.rotate(key.id, { graceSeconds: 3_600 });
    await fixture.service.revoke(key.id);
    expect(fixture.store.authenticate(secret)).toBeUndefined();
    expect(fixture.store.authenticate(rotated!.secret)).toBeUndefined();
    await expect(fixture.service.rotate(key.id)).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(fixture.service.rotate(key.id, { graceSeconds: -1 })).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('stops an expired key at its expiry time', async () => {
    const { key, secret } = await fixture.service.create({ tenant: 'acme', name: 'app', expiresAt: fixture.clock.time + 1_000 });
    expect(fixture.store.authenticate(secret)?.keyId).toBe(key.id);
    fixture.clock.time += 1_000;
    expect(fixture.store.authenticate(secret)).toBeUndefined();
    expect(toKeyView(key, fixture.clock.time).status).toBe('expired');
  });

  it("hides another tenant's key from get, revoke and rotate", async () => {
    const { key, secret } = await fixture.service.create({ tenant: 'acme', name: 'app' });
    expect(await fixture.service.get(key.id, 'globex')).toBeUndefined();
    expect(await fixture.service.revoke(key.id, 'globex')).toBeUndefined();
    expect(await fixture.service.rotate(key.id, { tenant: 'globex' })).toBeUndefined();
    expect(fixture.store.authenticate(secret)?.keyId).toBe(key.id);
    expect((await fixture.service.get(key.id, 'acme'))?.id).toBe(key.id);
  });

  it('sees changes made by another process (the CLI) on refresh and by polling', async () => {
    const other = openDatabase(fixture.file);
    const cli = createKeyService({ repository: createSqliteKeyRepository(other) });
    const { key, secret } = await cli.create({ tenant: 'acme', name: 'from the CLI' });
    expect(fixture.store.authenticate(secret)).toBeUndefined();
    await fixture.store.refresh();
    expect(fixture.store.authenticate(secret)?.keyId).toBe(key.id);

    const polling = await createVirtualKeyStore({ repository: createSqliteKeyRepository(fixture.database), refreshIntervalMs: 10 });
    expect(polling.authenticate(secret)?.keyId).toBe(key.id);
    await cli.revoke(key.id);
    await expect.poll(() => polling.authenticate(secret), { timeout: 2_000, interval: 10 }).toBeUndefined();
    polling.close();
    other.close();
  });

  it('applies its own change alone, and reloads when another process changed keys in between', async () => {
    const other = openDatabase(fixture.file);
    const cli = createKeyService({ repository: createSqliteKeyRepository(other) });
    const fromCli = await cli.create({ tenant: 'acme', name: 'cli' });
    const fromService = await fixture.service.create({ tenant: 'acme', name: 'service' });
    expect(fixture.store.authenticate(fromService.secret)?.keyName).toBe('service');
    expect(fixture.store.authenticate(fromCli.secret)?.keyName).toBe('cli');
    other.close();
  });

  it('refuses malformed and unknown secrets without a lookup hit', async () => {
    const { secret } = await fixture.service.create({ tenant: 'acme', name: 'app' });
    for (const candidate of ['', 'sk-sov-', secret.slice(0, -1), `${secret}x`, secret.replace('sk-sov-', 'sk-xxx-'), `sk-sov-${'A'.repeat(32)}`]) {
      expect(fixture.store.authenticate(candidate)).toBeUndefined();
    }
  });

  it('authenticates from memory: no repository call per authentication, whatever the number of keys', async () => {
    const secrets: string[] = [];
    for (let index = 0; index < 300; index++) secrets.push((await fixture.service.create({ tenant: `t${index % 7}`, name: `k${index}` })).secret);
    const calls: string[] = [];
    const repository = createSqliteKeyRepository(fixture.database);
    const counted = new Proxy(repository, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? (...args: unknown[]) => (calls.push(String(property)), (value as (...list: unknown[]) => unknown).apply(target, args)) : value;
      },
    });
    const store = await createVirtualKeyStore({ repository: counted, refreshIntervalMs: 0, now: () => fixture.clock.time });
    try {
      expect(store.size).toBe(300);
      calls.length = 0;
      for (let round = 0; round < 20; round++) for (const secret of secrets) expect(store.authenticate(secret)).toBeDefined();
      expect(calls).toEqual([]);
    } finally {
      store.close();
    }
  });

});
