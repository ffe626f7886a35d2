import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatedProvider, startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

/**
 * The dashboard's API over HTTP: nothing without a session, no state change without the session's CSRF token and
 * the gateway's own origin, an admin key to log in; then each view answers from what real requests left behind.
 */
describe('dashboard API (/ui/api)', () => {
  let test: TestGateway;
  const tenantKey = 'sk-dashboard-test-no-admin';

  beforeAll(async () => {
    test = await startTestGateway({
      providers: [
        simulatedProvider('sim-de', 'openai-compatible', [{ name: 'gpt-4o-mini', price: { input: 1, output: 2 } }], { jurisdiction: 'DE', tier: 'local' }),
        simulatedProvider('sim-us', 'openai-compatible', [{ name: 'gpt-4o', price: { input: 5, output: 10 } }], { jurisdiction: 'US' }),
      ],
      config: {
        keys: [{ key: tenantKey, tenant: 'default' }],
        policies: [{ name: 'block-secrets', when: 'profile.hasSecrets', actions: ['block'] }],
      },
    });
  });
  afterAll(async () => {
    await test.close();
  });

  const api = (path: string, init: RequestInit = {}) => fetch(`${test.url}/ui/api${path}`, init);

  async function login(key = test.apiKey, headers: Record<string, string> = {}) {
    const response = await api('/login', { method: 'POST', headers: { 'content-type': 'application/json', origin: test.url, ...headers }, body: JSON.stringify({ key }) });
    const cookie = response.headers.get('set-cookie') ?? '';
    const body = (await response.json()) as { csrfToken?: string; operator?: boolean };
    return { response, cookie, session: cookie.split(';')[0]!, csrf: body.csrfToken ?? '', body };
  }

  const chat = (content: string, model = 'gpt-4o-mini') =>
    fetch(`${test.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${test.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content }] }),
    });

  it('answers 401 to every API call without a session', async () => {
    const gets = ['/session', '/stream', '/decisions/dec_x', '/traffic', '/spend', '/refusals', '/ledger', '/providers', '/audit', '/audit/export', '/admin/keys'];
    for (const path of gets) expect((await api(path)).status, path).toBe(401);
    const posts = ['/logout', '/simulate', '/audit/verify', '/admin/keys', '/admin/keys/key_x/revoke'];
    for (const path of posts) expect((await api(path, { method: 'POST', headers: { origin: test.url, 'content-type': 'application/json' }, body: '{}' })).status, path).toBe(401);
    expect((await api('/session', { headers: { cookie: 'sovereign_session=forged-session-id' } })).status).toBe(401);
  });

  it('logs in with an admin key only, into an HttpOnly, SameSite=Strict cookie (Secure over TLS)', async () => {
    expect((await login('sk-wrong')).response.status).toBe(401);
    expect((await login(tenantKey)).response.status).toBe(403);
    const ok = await login();
    expect(ok.response.status).toBe(200);
    expect(ok.cookie).toMatch(/^sovereign_session=[A-Za-z0-9_-]{43}; Path=\/ui; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    expect(ok.body).toMatchObject({ operator: true });
    expect(ok.csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const overTls = await login(test.apiKey, { 'x-forwarded-proto': 'https', origin: `https://127.0.0.1:${test.gateway.port}`, host: `127.0.0.1:${test.gateway.port}` });
    expect(overTls.cookie).toMatch(/; Secure$/);
    expect(ok.response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const session = await api('/session', { headers: { cookie: ok.session } });
    expect(session.status).toBe(200);
    expect(JSON.stringify(await session.json())).not.toContain(test.apiKey);
  });

  it('refuses a cross-site POST and a POST without the CSRF token, even with a valid session', async () => {
    const { session, csrf } = await login();
    const simulate = (headers: Record<string, string>) =>
      api('/simulate', { method: 'POST', headers: { cookie: session, 'content-type': 'application/json', ...headers }, body: JSON.stringify({ body: '{"model":"auto","messages":[{"role":"user","content":"hi"}]}' }) });
    expect((await simulate({ origin: 'https://evil.example', 'x-csrf-token': csrf })).status).toBe(403);
    expect((await simulate({ 'sec-fetch-site': 'cross-site', 'x-csrf-token': csrf })).status).toBe(403);
    expect((await simulate({ origin: test.url })).status).toBe(403);
    expect((await simulate({ origin: test.url, 'x-csrf-token': `${csrf.slice(0, -1)}x` })).status).toBe(403);
    expect((await simulate({ origin: test.url, 'x-csrf-token': csrf, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    // Logging in from another site is refused too (login CSRF).
    expect((await login(test.apiKey, { origin: 'https://evil.example' })).response.status).toBe(403);
  });

  it('shows requests in the views: traffic by jurisdiction and tier, spend, refusals with kinds, the ledger, providers, decisions', async () => {
    const { session } = await login();
    const served = await chat('Hello from the dashboard test');
    expect(served.status).toBe(200);
    const decisionId = served.headers.get('x-sovereign-decision')!;
    expect((await chat('Hello again', 'gpt-4o')).status).toBe(200);
    expect((await chat('mail anna@example.org my key sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD')).status).toBe(403);
    await test.gateway.services.ledger.flush();
    const get = async (path: string) => {
      const response = await api(path, { headers: { cookie: session } });
      expect(response.status, path).toBe(200);
      return response.json() as Promise<Record<string, unknown>>;
    };
    const traffic = (await get('/traffic?window=1h')) as { byJurisdiction: Array<{ group: string; requests: number }>; byTier: Array<{ group: string; requests: number }> };
    expect(traffic.byJurisdiction.find((row) => row.group === 'DE')?.requests).toBeGreaterThanOrEqual(1);
    expect(traffic.byJurisdiction.find((row) => row.group === 'US')?.requests).toBeGreaterThanOrEqual(1);
    expect(traffic.byTier.find((row) => row.group === 'local')?.requests).toBeGreaterThanOrEqual(1);
    const spend = (await get('/spend?window=1h&by=model')) as { breakdown: Array<{ group: string; costNanoUsd: number }> };
    expect(spend.breakdown.find((row) => row.group === 'gpt-4o')?.costNanoUsd).toBeGreaterThan(0);
    const refusals = (await get('/refusals?window=1h')) as { byPolicy: unknown[]; examples: { records: Array<Record<string, unknown>> } };
    expect(refusals.byPolicy).toEqual([{ policy: 'block-secrets', requests: 1 }]);
    const example = refusals.examples.records[0]!;
    expect(example).toMatchObject({ refusedBy: ['block-secrets'], classification: 'UNCLASSIFIED', errorCode: 'policy_denied' });
    expect(example.dataKinds).toEqual(expect.arrayContaining(['email']));
    expect(JSON.stringify(refusals)).not.toContain('anna@example.org');
    const ledger = (await get('/ledger?limit=2')) as { records: unknown[]; next?: unknown };
    expect(ledger.records).toHaveLength(2);
    expect(ledger.next).toBeDefined();
    const providers = (await get('/providers')) as { providers: Array<{ provider: string; circuit: string; calls: number }> };
    expect(providers.providers.find((row) => row.provider === 'sim-de')).toMatchObject({ circuit: 'closed' });
    expect(providers.providers.find((row) => row.provider === 'sim-de')!.calls).toBeGreaterThanOrEqual(1);
    const decision = await get(`/decisions/${decisionId}`);
    expect(decision).toMatchObject({ id: decisionId });
    expect((await api('/traffic?window=3w', { headers: { cookie: session } })).status).toBe(400);
  });

  it('simulates a request in either dialect without sending it, and explains a refusal', async () => {
    const { session, csrf } = await login();
    const before = test.simulator('sim-de').received.length;
    const simulate = async (input: Record<string, unknown>) => {
      const response = await api('/simulate', { method: 'POST', headers: { cookie: session, origin: test.url, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify(input) });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const routed = await simulate({ dialect: 'anthropic', body: JSON.stringify({ model: 'auto', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }), headers: { 'x-sovereign-strategy': 'cheapest' } });
    expect(routed.status).toBe(200);
    expect(routed.body).toMatchObject({ routed: true });
    expect(String(routed.body.explanation)).toContain('sim-de');
    const refused = await simulate({ body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'key sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD' }] }) });
    expect(refused.body).toMatchObject({ routed: false, error: { code: 'policy_denied', policies: ['block-secrets'] } });
    expect((await simulate({ body: '{"model":' })).status).toBe(400);
    expect((await simulate({ body: '{}', headers: { authorization: 'Bearer x' } })).status).toBe(400);
    expect(test.simulator('sim-de').received.length).toBe(before);
  });

  it('verifies the audit log, lists its checkpoints and exports it', async () => {
    const { session, csrf } = await login();
    await test.gateway.services.auditLog.checkpoint();
    const audit = (await (await api('/audit', { headers: { cookie: session } })).json()) as { checkpoints: Array<{ seq: number }>; keyId: string };
    expect(audit.checkpoints.length).toBeGreaterThanOrEqual(1);
    const verify = await api('/audit/verify', { method: 'POST', headers: { cookie: session, origin: test.url, 'x-csrf-token': csrf } });
    expect(await verify.json()).toMatchObject({ ok: true });
    const exported = await api('/audit/export', { headers: { cookie: session } });
    expect(exported.status).toBe(200);
    expect((await exported.text()).split('\n')[0]).toContain('sovereign-audit-export/v1');
  });

  it('creates, lists and revokes keys through the admin API, and a revoked admin key ends its session', async () => {
    const { session, csrf } = await login();
    const post = (path: string, body: unknown) =>
      api(`/admin${path}`, { method: 'POST', headers: { cookie: session, origin: test.url, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const created = await post('/keys', { name: 'dashboard admin', scopes: ['admin'] });
    expect(created.status).toBe(201);
    const key = (await created.json()) as { id: string; secret: string };
    const listed = (await (await api('/admin/keys', { headers: { cookie: session } })).json()) as { data: Array<{ id: string }> };
    expect(listed.data.map((item) => item.id)).toContain(key.id);
    expect(JSON.stringify(listed)).not.toContain(key.secret);
    // Log in with the new admin key, then revoke it: its session ends at once.
    const second = await login(key.secret);
    expect((await api('/session', { headers: { cookie: second.session } })).status).toBe(200);
    expect((await post(`/keys/${key.id}/revoke`, {})).status).toBe(200);
    expect((await api('/session', { headers: { cookie: second.session } })).status).toBe(401);
  });

  it('logs out: the cookie is cleared and the session is gone', async () => {
    const { session, csrf } = await login();
    const out = await api('/logout', { method: 'POST', headers: { cookie: session, origin: test.url, 'x-csrf-token': csrf } });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await api('/session', { headers: { cookie: session } })).status).toBe(401);
  });
});
