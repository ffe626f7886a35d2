import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBudgetGuard } from '../../security/budget/create-budget-guard.ts';
import type { BudgetGuard } from '../../security/budget/budget-guard.ts';
import { openKeyFixture, type KeyFixture } from '../../security/keys/test-key-fixture.ts';
import { createLedger, type Ledger } from '../../store/ledger.ts';
import { ledgerEntry } from '../../store/ledger-repository-contract.ts';
import { createSqliteLedgerRepository } from '../../store/sqlite/sqlite-ledger-repository.ts';
import { createSqliteSpendRepository } from '../../store/sqlite/sqlite-spend-repository.ts';
import { createSpendJournal, type SpendJournal } from '../../store/spend-journal.ts';
import { createAdminRoutes } from './admin-routes.ts';

interface Json {
  [key: string]: unknown;
}

describe('admin routes', () => {
  let fixture: KeyFixture;
  let ledger: Ledger;
  let budgets: BudgetGuard;
  let journal: SpendJournal;
  let app: Hono;
  const secrets = { operator: '', acmeAdmin: '', globexAdmin: '', acmeApp: '' };
  /** Every body answered, except those of create and rotate, to check that no secret ever appears. */
  const answered: string[] = [];

  beforeAll(async () => {
    fixture = await openKeyFixture();
    ledger = createLedger(createSqliteLedgerRepository(fixture.database));
    journal = createSpendJournal(createSqliteSpendRepository(fixture.database));
    budgets = createBudgetGuard({ journal, now: () => fixture.clock.time });
    secrets.operator = (await fixture.service.create({ tenant: 'ops', name: 'operator', scopes: ['admin:*'], clearance: 'SECRET' })).secret;
    secrets.acmeAdmin = (await fixture.service.create({ tenant: 'acme', name: 'acme admin', scopes: ['admin'], clearance: 'OFFICIAL' })).secret;
    secrets.globexAdmin = (await fixture.service.create({ tenant: 'globex', name: 'globex admin', scopes: ['admin'] })).secret;
    secrets.acmeApp = (await fixture.service.create({ tenant: 'acme', name: 'acme app', scopes: ['*'] })).secret;
    app = new Hono();
    app.route('/admin', createAdminRoutes({ keys: fixture.service, keyStore: fixture.store, usage: (query) => ledger.usage(query), budgets, now: () => fixture.clock.time }));
  });
  afterAll(async () => {
    await ledger.close();
    await budgets.close();
    await journal.close();
    fixture.close();
  });

  async function call(method: string, path: string, secret: string | undefined, body?: unknown, headers: Record<string, string> = {}) {
    const init: RequestInit = { method, headers: { ...(secret ? { authorization: `Bearer ${secret}` } : {}), ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    const response = await app.request(path, init);
    const text = await response.text();
    const secretBearing = /\/admin\/keys(\/[^/]+\/rotate)?$/.test(path) && method === 'POST' && response.status < 300;
    if (!secretBearing) answered.push(text);
    return { status: response.status, headers: response.headers, json: JSON.parse(text) as Json };
  }

  describe('authentication', () => {
    it.each([
      ['no key', undefined, 401, 'authentication_required', 'authentication_error'],
      ['an unknown key', `sk-sov-${'Q'.repeat(32)}`, 401, 'invalid_api_key', 'authentication_error'],
      ['a key without the admin scope', 'acmeApp', 403, 'permission_denied', 'permission_error'],
    ])('refuses %s in the OpenAI error shape', async (_case, secret, status, code, type) => {
      const resolved = secret && secret in secrets ? secrets[secret as keyof typeof secrets] : secret;
      const response = await call('GET', '/admin/keys', resolved);
      expect(response.status).toBe(status);
      expect(response.json).toEqual({ error: { message: expect.any(String), type, param: null, code } });
    });

    it('answers an unknown admin path with a 404 in the same shape', async () => {
      const response = await call('GET', '/admin/nothing', secrets.acmeAdmin);
      expect(response.status).toBe(404);
      expect(response.json).toMatchObject({ error: { code: 'not_found', type: 'not_found_error' } });
    });
  });

  describe('keys', () => {
    it('creates a key in the admin’s tenant and returns its secret once', async () => {
      const created = await call('POST', '/admin/keys', secrets.acmeAdmin, {
        name: 'reporting',
        scopes: ['chat'],
        models: ['gpt-4o*'],
        budgets: { usd_per_month: 20 },
        rate_limits: { requests_per_minute: 30 },
        expires_at: '2027-01-01T00:00:00Z',
      });
      expect(created.status).toBe(201);
      expect(created.json).toMatchObject({
        object: 'api_key',
        tenant: 'acme',
        name: 'reporting',
        status: 'active',
        scopes: ['chat'],
        models: ['gpt-4o*'],
        budgets: { usd_per_month: 20, usd_per_day: null },
        rate_limits: { requests_per_minute: 30 },
        expires_at: '2027-01-01T00:00:00.000Z',
      });
      const secret = created.json.secret as string;
      expect(secret).toMatch(/^sk-sov-/);
      expect(fixture.store.authenticate(secret)?.keyId).toBe(created.json.id);

      const shown = await call('GET', `/admin/keys/${created.json.id as string}`, secrets.acmeAdmin);
      expect(shown.status).toBe(200);
      expect(shown.json.secret).toBeUndefined();
      expect(shown.json.spend).toMatchObject({ day: { spent_usd: 0, period: '2026-03-14' }, month: { period: '2026-03' } });
      const listed = await call('GET', '/admin/keys', secrets.acmeAdmin);
      expect((listed.json.data as Json[]).map((key) => key.tenant)).toEqual(['acme', 'acme', 'acme']);
      expect(JSON.stringify(listed.json)).not.toContain(secret);
    });

    it.each([
      ['invalid JSON', '{"name":', 400, 'invalid_json', undefined],
      ['a missing name', {}, 400, 'invalid_request', 'name'],
      ['an unknown field', { name: 'x', colour: 'red' }, 400, 'invalid_request', undefined],
      ['an unknown scope', { name: 'x', scopes: ['root'] }, 400, 'invalid_request', 'scopes[0]'],
      ['a negative budget', { name: 'x', budgets: { usd_per_day: -1 } }, 400, 'invalid_request', 'budgets.usd_per_day'],
      ['a bad expiry', { name: 'x', expires_at: 'tomorrow' }, 400, 'invalid_request', 'expires_at'],
      ['another tenant', { name: 'x', tenant: 'globex' }, 403, 'permission_denied', 'tenant'],
      ['the operator scope', { name: 'x', scopes: ['admin:*'] }, 403, 'permission_denied', 'scopes'],
      ['a clearance above its own', { name: 'x', clearance: 'SECRET' }, 403, 'permission_denied', 'clearance'],
    ])('refuses %s', async (_case, body, status, code, param) => {
      const response = await call('POST', '/admin/keys', secrets.acmeAdmin, body);
      expect(response.status).toBe(status);
      expect(response.json).toMatchObject({ error: { code, ...(param === undefined ? {} : { param }) } });
      expect((response.json.error as Json).message).toEqual(expect.any(String));
    });

    it('refuses a body that is not JSON with 415', async () => {
      const response = await call('POST', '/admin/keys', secrets.acmeAdmin, 'name=x', { 'content-type': 'application/x-www-form-urlencoded' });
      expect(response.status).toBe(415);
    });

    it('lets the operator create keys in any tenant and see every tenant', async () => {
      const created = await call('POST', '/admin/keys', secrets.operator, { name: 'globex app', tenant: 'globex', clearance: 'SECRET' });
      expect(created.status).toBe(201);
      expect(created.json.tenant).toBe('globex');
      const own = await call('POST', '/admin/keys', secrets.operator, { name: 'ops tool' });
      expect(own.json.tenant).toBe('ops');
      const all = await call('GET', '/admin/keys', secrets.operator);
      expect(new Set((all.json.data as Json[]).map((key) => key.tenant))).toEqual(new Set(['ops', 'acme', 'globex']));
      const globexOnly = await call('GET', '/admin/keys?tenant=globex', secrets.operator);
      const globexKeys = globexOnly.json.data as Json[];
      expect(globexKeys.length).toBeGreaterThan(0);
      expect(globexKeys.every((key) => key.tenant === 'globex')).toBe(true);
      expect((await call('GET', '/admin/keys?tenant=globex', secrets.acmeAdmin)).status).toBe(403);
    });

    it("reports another tenant's key as missing, for get, revoke and rotate", async () => {
      const globexKey = (await call('GET', '/admin/keys', secrets.globexAdmin)).json.data as Json[];
      const id = globexKey[0]?.id as string;
      for (const [method, path] of [
        ['GET', `/admin/keys/${id}`],
        ['POST', `/admin/keys/${id}/revoke`],
        ['POST', `/admin/keys/${id}/rotate`],
      ] as const) {
        const response = await call(method, path, secrets.acmeAdmin);
        expect(response.status).toBe(404);
        expect(response.json).toMatchObject({ error: { code: 'not_found' } });
      }
      expect((await call('GET', `/admin/keys/${id}`, secrets.operator)).status).toBe(200);
    });

    it('rotates with a grace period, then revokes', async () => {
      const created = await call('POST', '/admin/keys', secrets.acmeAdmin, { name: 'rotating' });
      const id = created.json.id as string;
      const oldSecret = created.json.secret as string;
      const rotated = await call('POST', `/admin/keys/${id}/rotate`, secrets.acmeAdmin, { grace_seconds: 300 });
      expect(rotated.status).toBe(200);
      expect(rotated.json).toMatchObject({ id, previous_secret_valid_until: expect.any(String) });
      const newSecret = rotated.json.secret as string;
      expect(newSecret).not.toBe(oldSecret);
      expect(fixture.store.authenticate(oldSecret)?.keyId).toBe(id);
      expect(fixture.store.authenticate(newSecret)?.keyId).toBe(id);
      expect((await call('POST', `/admin/keys/${id}/rotate`, secrets.acmeAdmin, { grace_seconds: -5 })).status).toBe(400);

      const revoked = await call('POST', `/admin/keys/${id}/revoke`, secrets.acmeAdmin);
      expect(revoked.json).toMatchObject({ id, status: 'revoked', revoked_at: expect.any(String) });
      expect(fixture.store.authenticate(newSecret)).toBeUndefined();
      expect(fixture.store.authenticate(oldSecret)).toBeUndefined();
      const again = await call('POST', `/admin/keys/${id}/rotate`, secrets.acmeAdmin);
      expect(again.status).toBe(400);
      const listed = await call('GET', '/admin/keys?include_revoked=true', secrets.acmeAdmin);
      expect((listed.json.data as Json[]).some((key) => key.id === id && key.status === 'revoked')).toBe(true);
      expect(((await call('GET', '/admin/keys', secrets.acmeAdmin)).json.data as Json[]).some((key) => key.id === id)).toBe(false);
    });

    it('rotates with no body at all', async () => {
      const created = await call('POST', '/admin/keys', secrets.acmeAdmin, { name: 'plain rotation' });
      const rotated = await call('POST', `/admin/keys/${created.json.id as string}/rotate`, secrets.acmeAdmin);
      expect(rotated.status).toBe(200);
      expect(fixture.store.authenticate(created.json.secret as string)).toBeUndefined();
    });
  });

  describe('usage', () => {
    beforeAll(async () => {
      const day = Date.UTC(2026, 2, 14, 9);
      await Promise.all([
        ledger.record(ledgerEntry({ tenant: 'acme', keyId: 'key_1', model: 'gpt-4o', costNanoUsd: 1_000_000, time: day })),
        ledger.record(ledgerEntry({ tenant: 'acme', keyId: 'key_1', model: 'claude', provider: 'anthropic-eu', costNanoUsd: 2_000_000, time: day + 86_400_000 })),
        ledger.record(ledgerEntry({ tenant: 'globex', keyId: 'key_9', model: 'gpt-4o', costNanoUsd: 7_000_000, time: day })),
      ]);
    });

    it('shows a tenant admin its own tenant only, grouped as asked', async () => {
      const response = await call('GET', '/admin/usage?group_by=model,day', secrets.acmeAdmin);
      expect(response.status).toBe(200);
      expect(response.json.data).toEqual([
        expect.objectContaining({ model: 'claude', day: '2026-03-15', requests: 1, cost_usd: 0.002, cost_nano_usd: 2_000_000, total_tokens: 110 }),
        expect.objectContaining({ model: 'gpt-4o', day: '2026-03-14', requests: 1, cost_usd: 0.001 }),
      ]);
      const totals = await call('GET', '/admin/usage', secrets.acmeAdmin);
      expect(totals.json.data).toEqual([expect.objectContaining({ requests: 2, cost_usd: 0.003 })]);
      expect((totals.json.data as Json[])[0]).not.toHaveProperty('tenant');
    });

    it('refuses another tenant to a tenant admin and shows every tenant to the operator', async () => {
      expect((await call('GET', '/admin/usage?tenant=globex', secrets.acmeAdmin)).status).toBe(403);
      const all = await call('GET', '/admin/usage?group_by=tenant', secrets.operator);
      expect(all.json.data).toEqual([expect.objectContaining({ tenant: 'acme', requests: 2 }), expect.objectContaining({ tenant: 'globex', requests: 1 })]);
      const one = await call('GET', '/admin/usage?tenant=globex&group_by=key', secrets.operator);
      expect(one.json.data).toEqual([expect.objectContaining({ key_id: 'key_9', cost_usd: 0.007 })]);
    });

    it('filters by model, provider, key and time', async () => {
      const byProvider = await call('GET', '/admin/usage?provider=anthropic-eu', secrets.acmeAdmin);
      expect(byProvider.json.data).toEqual([expect.objectContaining({ requests: 1, cost_usd: 0.002 })]);
      const byTime = await call('GET', '/admin/usage?from=2026-03-15&to=2026-03-16T00:00:00Z', secrets.acmeAdmin);
      expect(byTime.json.data).toEqual([expect.objectContaining({ requests: 1, cost_usd: 0.002 })]);
      const byModelAndKey = await call('GET', '/admin/usage?model=gpt-4o&key=key_1', secrets.acmeAdmin);
      expect(byModelAndKey.json.data).toEqual([expect.objectContaining({ requests: 1, cost_usd: 0.001 })]);
    });

    it.each([
      ['group_by=colour', 'group_by[0]'],
      ['from=yesterday', 'from'],
      ['limit=5', undefined],
    ])('refuses ?%s with a 400', async (query, param) => {
      const response = await call('GET', `/admin/usage?${query}`, secrets.acmeAdmin);
      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ error: { code: 'invalid_request', ...(param === undefined ? {} : { param }) } });
    });
  });

  it('never put a secret in any answer other than create and rotate', () => {
    expect(answered.length).toBeGreaterThan(20);
    for (const text of answered) for (const secret of Object.values(secrets)) expect(text).not.toContain(secret);
    for (const text of answered) expect(text).not.toMatch(/sk-sov-[A-Za-z0-9_-]{32}/);
  });
});
