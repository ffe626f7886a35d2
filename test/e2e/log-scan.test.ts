import Database from 'better-sqlite3';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoProvider, type EchoProvider } from '../helpers/echo-provider.ts';
import { simulatedProvider, startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

const unique = () => Math.random().toString(36).slice(2, 10);
const providerKey = `sk-provider-${unique()}${unique()}`;
const wrongKey = `sk-wrong-${unique()}${unique()}`;
/** A credential in a prompt: a block policy refuses it; it must not be logged either. */
const promptSecret = ['sk-', 'proj-', 'Zq3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z', '_-Q'].join('');

/** Personal values sent under the redact policy and under a routing-only policy. */
const personal = {
  redacted: ['lena.fischer@example.de', '+49 89 7654321', 'DE89 3704 0044 0532 0130 00'],
  routed: ['piet.jansen@example.nl', '+31 20 1234567', 'NL91ABNA0417164300'],
};
const redactedPrompt = `Write to ${personal.redacted[0]}, call ${personal.redacted[1]}, pay into ${personal.redacted[2]}.`;
const routedPrompt = `Write to ${personal.routed[0]}, call ${personal.routed[1]}, pay into ${personal.routed[2]}.`;

/**
 * Runs a representative workload through a gateway with every log line captured (chat in both dialects, streams,
 * 400/401/403/404/429, an upstream 401 that echoes the provider key, admin key creation, personal data under a
 * redact policy and under a routing-only one), then scans the logs, every error body, the ledger, the audit log and
 * every file under the gateway's home for any API key, provider key or detected personal value.
 */
describe('log scan: no key or personal value in logs, errors, ledger or audit', () => {
  let harness: TestGateway;
  let echo: EchoProvider;
  let createdSecret = '';
  const errorBodies: string[] = [];
  const decisionIds: string[] = [];

  async function call(path: string, init: { key?: string | null; body?: unknown; raw?: string; headers?: Record<string, string>; method?: string } = {}) {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...init.headers };
    const key = init.key === undefined ? harness.apiKey : init.key;
    if (key !== null) headers.authorization = `Bearer ${key}`;
    const response = await fetch(`${harness.url}${path}`, {
      method: init.method ?? 'POST',
      headers,
      ...(init.raw !== undefined ? { body: init.raw } : init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    const text = await response.text();
    if (response.status >= 400 || text.includes('"error"')) errorBodies.push(text);
    const decision = response.headers.get('x-sovereign-decision');
    if (decision) decisionIds.push(decision);
    return { status: response.status, text };
  }
  const openaiChat = (model: string, content: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}, key?: string | null) =>
    call('/v1/chat/completions', { key, headers, body: { model, messages: [{ role: 'user', content }], ...extra } });
  const anthropicChat = (model: string, content: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}, key?: string | null) =>
    call('/v1/messages', { key, headers: { 'anthropic-version': '2023-06-01', ...headers }, body: { model, max_tokens: 64, messages: [{ role: 'user', content }], ...extra } });

  beforeAll(async () => {
    echo = await startEchoProvider();
    harness = await startTestGateway({
      logLevel: 'trace',
      providers: [
        simulatedProvider('sim-openai', 'openai-compatible', ['gpt-4o-mini']),
        simulatedProvider('sim-anthropic', 'anthropic', ['claude-haiku-4-5']),
        echo.entry('echo-de', providerKey),
      ],
      config: {
        policies: [
          { name: 'block-secrets', when: 'profile.hasSecrets', actions: ['block'] },
          { name: 'pii-redact', when: "profile.hasPersonalData && 'redact' in request.labels", actions: ['redact', 'audit-prompt'] },
          { name: 'pii-in-germany', when: "profile.hasPersonalData && 'route' in request.labels", require: { jurisdictions: ['DE'] } },
        ],
      },
    });

    // Ordinary chat, both dialects, whole and streamed.
    for (const stream of [false, true]) {
      expect((await openaiChat('gpt-4o-mini', 'Say hello', { stream })).status).toBe(200);
      expect((await anthropicChat('claude-haiku-4-5', 'Say hello', { stream })).status).toBe(200);
    }
    // Admin: create a key (its secret is shown once), use it, and exhaust its rate limit.
    const created = await call('/admin/keys', { body: { name: 'scan', tenant: 'team-scan', rate_limits: { requests_per_minute: 1 } } });
    expect(created.status, created.text).toBe(201);
    createdSecret = String((JSON.parse(created.text) as { secret: string }).secret);
    expect((await openaiChat('gpt-4o-mini', 'hi', {}, {}, createdSecret)).status).toBe(200);
    expect((await openaiChat('gpt-4o-mini', 'hi', {}, {}, createdSecret)).status).toBe(429);
    expect((await anthropicChat('claude-haiku-4-5', 'hi', {}, {}, createdSecret)).status).toBe(429);
    expect((await call('/admin/keys', { method: 'GET' })).status).toBe(200);
    // Authentication failures, in both dialects.
    expect((await openaiChat('gpt-4o-mini', 'hi', {}, {}, null)).status).toBe(401);
    expect((await openaiChat('gpt-4o-mini', 'hi', {}, {}, wrongKey)).status).toBe(401);
    expect((await anthropicChat('claude-haiku-4-5', 'hi', {}, {}, wrongKey)).status).toBe(401);
    expect((await call('/admin/keys', { key: wrongKey, method: 'GET' })).status).toBe(401);
    expect((await call('/admin/keys', { key: createdSecret, method: 'GET' })).status).toBe(403);
    // Bad requests, unknown models and routes.
    expect((await call('/v1/chat/completions', { raw: '{"model": "gpt-4o-mini", "messages": [' })).status).toBe(400);
    expect((await call('/v1/chat/completions', { body: { model: 'gpt-4o-mini', messages: 'lena.fischer@example.de' } })).status).toBe(400);
    expect((await anthropicChat('claude-haiku-4-5', 'hi', { max_tokens: -1 })).status).toBe(400);
    expect((await openaiChat('no-such-model', 'hi')).status).toBe(404);
    expect((await anthropicChat('no-such-model', 'hi')).status).toBe(404);
    expect((await call('/v1/nothing-here', { method: 'GET' })).status).toBe(404);
    // A credential in a prompt is refused by policy.
    expect((await openaiChat('gpt-4o-mini', `Use ${promptSecret} to upload`)).status).toBe(403);
    // Personal data under the redact policy (and audit-prompt), to the echo provider: whole, streamed, both dialects.
    const redact = { 'x-sovereign-labels': 'redact' };
    const answers = [
      await openaiChat('echo', redactedPrompt, {}, redact),
      await openaiChat('echo', redactedPrompt, { stream: true }, redact),
      await anthropicChat('echo', redactedPrompt, {}, redact),
      await anthropicChat('echo', redactedPrompt, { stream: true }, redact),
    ];
    for (const answer of answers) expect(answer.status).toBe(200);
    expect(answers[0]!.text).toContain(personal.redacted[0]);
    // Personal data under a routing-only policy: it may reach the provider, but nothing else.
    expect((await openaiChat('echo', routedPrompt, {}, { 'x-sovereign-labels': 'route' })).status).toBe(200);
    expect((await anthropicChat('echo', routedPrompt, { stream: true }, { 'x-sovereign-labels': 'route' })).status).toBe(200);
    // The provider rejects: echoing the prompt (400) or our key (401).
    expect((await openaiChat('echo', `${redactedPrompt} ECHO-400`, {}, redact)).status).toBe(400);
    expect((await openaiChat('echo', `${routedPrompt} ECHO-400`, {}, { 'x-sovereign-labels': 'route' })).status).toBe(400);
    expect((await anthropicChat('echo', `ECHO-401 ${redactedPrompt}`, {}, redact)).status).toBe(502);
    expect((await openaiChat('echo', 'ECHO-401 please', { stream: true })).status).toBe(502);
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
    await echo?.close();
  });

  const secrets = () => ({
    'the gateway key': harness.apiKey,
    'the created key': createdSecret,
    'the provider key': providerKey,
    'a wrong key': wrongKey,
    'a credential in a prompt': promptSecret,
    ...Object.fromEntries([...personal.redacted, ...personal.routed].map((value) => [`personal value ${value}`, value])),
  });

  function leaks(where: string, texts: Iterable<string>): string[] {
    const found: string[] = [];
    for (const text of texts) {
      for (const [name, value] of Object.entries(secrets())) {
        if (value && text.includes(value)) found.push(`${name} in ${where}: ${text.slice(Math.max(0, text.indexOf(value) - 120), text.indexOf(value) + value.length + 40)}`);
      }
    }
    return found;
  }

  function tableRows(file: string): string[] {
    const database = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const tables = database.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
      return tables.flatMap(({ name }) =>
        (database.prepare(`SELECT * FROM "${name}"`).all() as Array<Record<string, unknown>>).map((row) =>
          `${name}: ${JSON.stringify(row, (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString('latin1') : value))}`,
        ),
      );
    } finally {
      database.close();
    }
  }

  const home = () => dirname(harness.gateway.services.auditLog.dbFile);

  it('ran the workload through every path it means to scan', () => {
    expect(errorBodies.length).toBeGreaterThanOrEqual(15);
    expect(harness.logs.length).toBeGreaterThan(20);
    expect(echo.received.some((request) => request.headers.authorization === `Bearer ${providerKey}`)).toBe(true);
    const rows = tableRows(join(home(), 'sovereign.db'));
    expect(rows.filter((row) => row.startsWith('ledger:')).length).toBeGreaterThanOrEqual(15);
    const audit = tableRows(harness.gateway.services.auditLog.dbFile).filter((row) => row.startsWith('audit_records:'));
    expect(audit.length).toBeGreaterThanOrEqual(25);
    // audit-prompt kept the prompt as sent: redacted.
    expect(audit.some((row) => row.includes('[EMAIL_1]'))).toBe(true);
  });

  it('finds nothing in the logs', () => {
    expect(leaks('logs', harness.logs)).toEqual([]);
  });

  it('finds nothing in the error bodies', () => {
    expect(leaks('an error body', errorBodies)).toEqual([]);
  });

  it('finds nothing in the explained decisions, whose attempt log quotes provider errors', async () => {
    expect(decisionIds.length).toBeGreaterThanOrEqual(10);
    const decisions = await Promise.all(
      decisionIds.map(async (id) => (await fetch(`${harness.url}/v1/decisions/${id}`, { headers: { authorization: `Bearer ${harness.apiKey}` } })).text()),
    );
    expect(decisions.some((decision) => decision.includes('ECHO-400'))).toBe(true);
    expect(leaks('a decision', decisions)).toEqual([]);
  });

  it('finds nothing in the ledger or anywhere in the key and usage database', () => {
    expect(leaks('sovereign.db', tableRows(join(home(), 'sovereign.db')))).toEqual([]);
  });

  it('finds nothing in the audit log', () => {
    expect(leaks('audit.db', tableRows(harness.gateway.services.auditLog.dbFile))).toEqual([]);
  });

  it('finds nothing in any file the gateway wrote', () => {
    const files = readdirSync(home(), { recursive: true, encoding: 'utf8' }).map((name) => join(home(), name)).filter((file) => statSync(file).isFile());
    expect(files.length).toBeGreaterThan(0);
    expect(leaks('the home directory', files.map((file) => `${file}: ${readFileSync(file).toString('latin1')}`))).toEqual([]);
  });

  it('sent the redacted prompts to the provider without their values', () => {
    const redactedBodies = echo.received.filter((request) => JSON.stringify(request.body).includes('[EMAIL_1]')).map((request) => JSON.stringify(request.body));
    expect(redactedBodies.length).toBeGreaterThanOrEqual(5);
    // Every body the provider received, not only those that show a placeholder: none holds a redacted value.
    for (const request of echo.received) for (const value of personal.redacted) expect(JSON.stringify(request.body)).not.toContain(value);
  });
});
