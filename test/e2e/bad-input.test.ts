import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

/** Each dialect's error shape: OpenAI `{error:{message,type,code}}`, Anthropic `{type:'error',error:{type,message}}`. */
function expectDialectError(dialect: 'openai' | 'anthropic', body: unknown): void {
  if (dialect === 'openai') {
    expect(body).toMatchObject({ error: { message: expect.any(String), type: expect.any(String) } });
  } else {
    expect(body).toMatchObject({ type: 'error', error: { type: expect.any(String), message: expect.any(String) } });
  }
}

const endpoints = {
  openai: { path: '/v1/chat/completions', valid: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] } },
  anthropic: { path: '/v1/messages', valid: { model: 'claude-haiku-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] } },
} as const;

describe('bad input is answered in the dialect, never with a 500', () => {
  let harness: TestGateway;
  beforeAll(async () => {
    harness = await startTestGateway({ config: { server: { bodyLimitBytes: 64 * 1024 } } });
  });
  afterAll(() => harness.close());

  const send = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${harness.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.apiKey}`, 'content-type': 'application/json', ...headers },
      body,
    });

  const cases: Array<[string, (valid: Record<string, unknown>) => string, number, Record<string, string>?]> = [
    ['malformed JSON', () => '{"model": "x", "messages": [', 400],
    ['an empty body', () => '', 400],
    ['a JSON array', () => '[1,2]', 400],
    ['a JSON string', () => '"hello"', 400],
    ['messages of the wrong type', (valid) => JSON.stringify({ ...valid, messages: 'hi' }), 400],
    ['missing messages', (valid) => JSON.stringify({ ...valid, messages: undefined }), 400],
    ['empty messages', (valid) => JSON.stringify({ ...valid, messages: [] }), 400],
    ['an unknown role', (valid) => JSON.stringify({ ...valid, messages: [{ role: 'wizard', content: 'hi' }] }), 400],
    ['a numeric model', (valid) => JSON.stringify({ ...valid, model: 42 }), 400],
    ['a negative temperature', (valid) => JSON.stringify({ ...valid, temperature: -3 }), 400],
    ['content of the wrong type', (valid) => JSON.stringify({ ...valid, messages: [{ role: 'user', content: 42 }] }), 400],
    ['a body over the limit', (valid) => JSON.stringify({ ...valid, padding: 'x'.repeat(70 * 1024) }), 413],
    ['a body far over the limit', (valid) => JSON.stringify({ ...valid, padding: 'x'.repeat(900 * 1024) }), 413],
    ['the wrong content type', (valid) => JSON.stringify(valid), 415, { 'content-type': 'text/plain' }],
    ['a form body', () => 'model=x&messages=y', 415, { 'content-type': 'application/x-www-form-urlencoded' }],
  ];

  for (const dialect of ['openai', 'anthropic'] as const) {
    it.each(cases)(`${dialect}: %s`, async (_name, makeBody, status, headers) => {
      const endpoint = endpoints[dialect];
      const response = await send(endpoint.path, makeBody(endpoint.valid), headers);
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toContain('application/json');
      expectDialectError(dialect, await response.json());
    });
  }

  it('refuses a chunked body over the limit while reading it', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.apiKey}`, 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
  });

  it('answers unknown routes and wrong methods in the dialect', async () => {
    const missing = await fetch(`${harness.url}/v1/nothing-here`, { headers: { authorization: `Bearer ${harness.apiKey}` } });
    expect(missing.status).toBe(404);
    expectDialectError('openai', await missing.json());
    const wrongMethod = await fetch(`${harness.url}/v1/messages`, { headers: { 'anthropic-version': '2023-06-01' } });
    expect(wrongMethod.status).toBe(405);
    expectDialectError('anthropic', await wrongMethod.json());
  });

  for (const dialect of ['openai', 'anthropic'] as const) {
    it(`${dialect}: any JSON body gets a catalogued answer, never a 500`, async () => {
      const endpoint = endpoints[dialect];
      const mutated = fc.record(
        {
          model: fc.oneof(fc.constant(endpoint.valid.model), fc.jsonValue()),
          messages: fc.oneof(
            fc.constant(endpoint.valid.messages),
            fc.array(fc.record({ role: fc.constantFrom('user', 'assistant', 'system', 'tool', 'x'), content: fc.jsonValue() }), { maxLength: 3 }),
            fc.jsonValue(),
          ),
          max_tokens: fc.oneof(fc.constant(16), fc.jsonValue()),
          tools: fc.jsonValue(),
          stream: fc.constant(false),
        },
        { requiredKeys: ['messages'] },
      );
      await fc.assert(
        fc.asyncProperty(fc.oneof(mutated, fc.jsonValue()), async (body) => {
          const response = await send(endpoint.path, JSON.stringify(body));
          const text = await response.text();
          expect(response.status, text).not.toBe(500);
          if (response.status >= 400) expectDialectError(dialect, JSON.parse(text));
        }),
        { numRuns: 150 },
      );
    });
  }
});
