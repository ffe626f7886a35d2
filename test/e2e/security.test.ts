import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { worstCase } from '../../src/security/pricing/worst-case.ts';
import type { ChatRequest } from '../../src/core/canonical/request.ts';
import { simulatedProvider, startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

const price = { input: 1, output: 2 };

describe('keys, scopes, rate limits, budgets, ledger and audit through the API', () => {
  let harness: TestGateway;
  const keys: Record<string, { id: string; secret: string }> = {};

  async function admin(path: string, init: { method?: string; body?: unknown; key?: string } = {}) {
    const response = await fetch(`${harness.url}/admin${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { authorization: `Bearer ${init.key ?? harness.apiKey}`, 'content-type': 'application/json' },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function createKey(name: string, body: Record<string, unknown>) {
    const created = await admin('/keys', { body: { name, ...body } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const key = { id: String(created.body.id), secret: String(created.body.secret) };
    keys[name] = key;
    return key;
  }

  beforeAll(async () => {
    harness = await startTestGateway({
      providers: [
        simulatedProvider('sim-openai', 'openai-compatible', [{ name: 'gpt-4o-mini', price }]),
        simulatedProvider('sim-anthropic', 'anthropic', [{ name: 'claude-haiku-4-5', price }]),
      ],
    });
    await createKey('app-a', { tenant: 'team-a' });
    await createKey('app-b', { tenant: 'team-b' });
    await createKey('revoked', { tenant: 'team-a' });
    await createKey('embeddings-only', { tenant: 'team-a', scopes: ['embeddings'] });
    await createKey('gpt-only', { tenant: 'team-a', models: ['gpt-*'] });
    await createKey('slow-lane', { tenant: 'team-a', rate_limits: { requests_per_minute: 2 } });
    await createKey('expiring', { tenant: 'team-a', expires_at: new Date(Date.now() + 1500).toISOString() });
    expect((await admin(`/keys/${keys.revoked!.id}/revoke`, { body: {} })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1600));
  });
  afterAll(() => harness.close());

  const chat = (dialect: 'openai' | 'anthropic', headers: Record<string, string>, model?: string) =>
    fetch(`${harness.url}${dialect === 'openai' ? '/v1/chat/completions' : '/v1/messages'}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({
        model: model ?? (dialect === 'openai' ? 'gpt-4o-mini' : 'claude-haiku-4-5'),
        max_tokens: 32,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
  const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

  const table: Array<[string, () => Record<string, string>, number, string?]> = [
    ['no key', () => ({}), 401],
    ['a malformed Authorization header', () => ({ authorization: 'Basic dXNlcjpwYXNz' }), 401],
    ['an empty x-api-key', () => ({ 'x-api-key': ' ' }), 401],
    ['an unknown key', () => bearer('sk-sov-unknownunknownunknown'), 401],
    ['a revoked key', () => bearer(keys.revoked!.secret), 401],
    ['an expired key', () => bearer(keys.expiring!.secret), 401],
    ['a key without the chat scope', () => bearer(keys['embeddings-only']!.secret), 403],
    ['a key not allowed this model', () => bearer(keys['gpt-only']!.secret), 403, 'claude-haiku-4-5'],
    ['a valid key', () => bearer(keys['app-a']!.secret), 200],
  ];
  for (const dialect of ['openai', 'anthropic'] as const) {
    it.each(table)(`${dialect}: %s`, async (_name, headers, status, model) => {
      const response = await chat(dialect, headers(), model);
      expect(response.status).toBe(status);
      const body = (await response.json()) as Record<string, unknown>;
      if (status !== 200) {
        if (dialect === 'openai') expect(body).toMatchObject({ error: { type: expect.any(String), message: expect.any(String) } });
        else expect(body).toMatchObject({ type: 'error', error: { type: expect.any(String) } });
        // A secret never comes back in an error.
        for (const key of Object.values(keys)) expect(JSON.stringify(body)).not.toContain(key.secret);
      }
    });
  }

  it('the SDKs raise PermissionDeniedError for a wrong scope', async () => {
    const openai = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: keys['embeddings-only']!.secret, maxRetries: 0 });
    await expect(openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(
      OpenAI.PermissionDeniedError,
    );
    const anthropic = new Anthropic({ baseURL: harness.url, apiKey: keys['embeddings-only']!.secret, maxRetries: 0 });
    await expect(
      anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toBeInstanceOf(Anthropic.PermissionDeniedError);
  });

  it('rate limits a key with 429 and retry-after in each dialect', async () => {
    const secret = keys['slow-lane']!.secret;
    expect((await chat('openai', bearer(secret))).status).toBe(200);
    expect((await chat('anthropic', { 'x-api-key': secret })).status).toBe(200);
    for (const dialect of ['openai', 'anthropic'] as const) {
      const limited = await chat(dialect, bearer(secret));
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      const body = (await limited.json()) as { error: { type: string } };
      expect(body.error.type).toBe('rate_limit_error');
    }
  });

  it('reports the cost of an answer and books it in the ledger of its tenant only', async () => {
    const response = await chat('openai', bearer(keys['app-b']!.secret));
    const cost = Number(response.headers.get('x-sovereign-cost-usd'));
    expect(cost).toBeGreaterThan(0);
    const body = (await response.json()) as { usage: { prompt_tokens: number; completion_tokens: number } };
    expect(cost).toBeCloseTo((body.usage.prompt_tokens * price.input + body.usage.completion_tokens * price.output) / 1e6, 12);
    const usage = await admin('/usage?tenant=team-b&group_by=tenant');
    expect(usage.status).toBe(200);
    const rows = usage.body.data as Array<{ requests: number; cost_usd: number; tenant: string }>;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ tenant: 'team-b', requests: 1 });
    expect(rows[0]!.cost_usd).toBeCloseTo(cost, 9);
  });

  it('isolates tenants: decisions and usage of another tenant are out of reach', async () => {
    const response = await chat('openai', bearer(keys['app-a']!.secret));
    const decision = response.headers.get('x-sovereign-decision')!;
    const own = await fetch(`${harness.url}/v1/decisions/${decision}`, { headers: bearer(keys['app-a']!.secret) });
    expect(own.status).toBe(200);
    const other = await fetch(`${harness.url}/v1/decisions/${decision}`, { headers: bearer(keys['app-b']!.secret) });
    expect(other.status).toBe(404);
    const tenantAdmin = await createKey('team-b-admin', { tenant: 'team-b', scopes: ['admin'] });
    const foreign = await admin('/usage?tenant=team-a', { key: tenantAdmin.secret });
    expect(foreign.status).toBe(403);
    const ownUsage = await admin('/usage?group_by=tenant', { key: tenantAdmin.secret });
    expect(ownUsage.status).toBe(200);
    const ownRows = ownUsage.body.data as Array<{ tenant: string }>;
    expect(ownRows.length).toBeGreaterThan(0);
    expect(ownRows.every((row) => row.tenant === 'team-b')).toBe(true);
  });

  it('audits every request, refused ones included, and the log verifies', async () => {
    await harness.gateway.services.auditLog.checkpoint();
    const home = harness.gateway.services.auditLog.dbFile.replace(/\/audit\.db$/, '');
    const result = spawnSync(process.execPath, ['bin/sovereign.js', 'audit', 'verify', '--home', home], { encoding: 'utf8' });
    expect(result.status, result.stdout + result.stderr).toBe(0);
    const recorded = Number(/(\d+) records/.exec(result.stdout)?.[1]);
    expect(recorded).toBeGreaterThanOrEqual(table.length * 2);
  });
});

describe('budgets under concurrency', () => {
  let harness: TestGateway;
  beforeAll(async () => {
    harness = await startTestGateway({
      providers: [simulatedProvider('sim-openai', 'openai-compatible', [{ name: 'gpt-4o-mini', price, contextWindow: 4096, maxOutputTokens: 64 }])],
    });
  });
  afterAll(() => harness.close());

  it('100 parallel requests against a budget that fits 10 never overspend', async () => {
    const body = { model: 'gpt-4o-mini', max_tokens: 64, messages: [{ role: 'user', content: 'What is the capital of France?' }] };
    const canonical: ChatRequest = { model: 'gpt-4o-mini', stream: false, maxOutputTokens: 64, messages: [{ role: 'user', content: [{ type: 'text', text: body.messages[0]!.content }] }] };
    const worst = worstCase(canonical, price, 4096, { maxOutputTokens: 64 });
    const budgetUsd = worst.usd * 10.5;
    const created = await fetch(`${harness.url}/admin/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'budgeted', tenant: 'frugal', budgets: { usd_per_day: budgetUsd } }),
    });
    const key = (await created.json()) as { secret: string };
    const responses = await Promise.all(
      Array.from({ length: 100 }, () =>
        fetch(`${harness.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key.secret}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    let spent = 0;
    for (const response of responses) {
      if (response.status === 200) spent += Number(response.headers.get('x-sovereign-cost-usd'));
      await response.arrayBuffer();
    }
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(10);
    expect(statuses.filter((status) => status !== 200).every((status) => status === 429)).toBe(true);
    expect(spent).toBeLessThanOrEqual(budgetUsd);
    const usage = await fetch(`${harness.url}/admin/usage?tenant=frugal&group_by=tenant`, { headers: { authorization: `Bearer ${harness.apiKey}` } });
    const rows = ((await usage.json()) as { data: Array<{ cost_usd: number }> }).data;
    expect(rows[0]!.cost_usd).toBeLessThanOrEqual(budgetUsd);
  });
});
