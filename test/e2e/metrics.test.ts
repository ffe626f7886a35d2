import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatedProvider, startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';
import { readMetric, scrape } from '../helpers/prometheus-text.ts';

/**
 * `/metrics` scraped before and after real requests through the gateway: counters and histograms move by what
 * the requests did (served, streamed, refused by policy, failed over), and the endpoint is closed to callers
 * without the metrics token or an admin key.
 */
describe('GET /metrics', () => {
  let test: TestGateway;
  const metricsToken = 'metrics-token-for-the-test';
  const tenantKey = 'sk-tenant-key-without-admin-scope';

  beforeAll(async () => {
    test = await startTestGateway({
      providers: [
        // Two providers of one model: the cheaper one fails on demand, the other answers.
        simulatedProvider('sim-cheap', 'openai-compatible', [{ name: 'gpt-4o-mini', price: { input: 1, output: 2 } }]),
        simulatedProvider('sim-dear', 'openai-compatible', [{ name: 'gpt-4o-mini', price: { input: 3, output: 6 } }]),
        simulatedProvider('sim-anthropic', 'anthropic', [{ name: 'claude-haiku-4-5', price: { input: 1, output: 5 } }]),
      ],
      config: {
        metrics: { token: metricsToken },
        keys: [{ key: tenantKey, tenant: 'default' }],
        policies: [{ name: 'block-secrets', when: 'profile.hasSecrets', actions: ['block'] }],
        cache: { enabled: true, cacheSampled: false },
      },
    });
  });
  afterAll(async () => {
    await test.close();
  });

  const chat = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    fetch(`${test.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${test.apiKey}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('is refused without credentials, with a non-admin key, and served with the token or an admin key', async () => {
    expect((await fetch(`${test.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${test.url}/metrics`, { headers: { authorization: 'Bearer wrong-token' } })).status).toBe(401);
    expect((await fetch(`${test.url}/metrics`, { headers: { authorization: `Bearer ${tenantKey}` } })).status).toBe(403);
    const byToken = await fetch(`${test.url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
    expect(byToken.status).toBe(200);
    expect(byToken.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await byToken.text();
    expect(text).toContain('# TYPE sovereign_requests_total counter');
    expect(text).toContain('# TYPE gen_ai_client_operation_duration_seconds histogram');
    expect((await fetch(`${test.url}/metrics`, { headers: { authorization: `Bearer ${test.apiKey}` } })).status).toBe(200);
  });

  it('counts requests, tokens, cost, durations and first tokens as requests pass', async () => {
    const before = await scrape(test.url, metricsToken);
    const whole = await chat({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'metrics one' }], temperature: 0 });
    expect(whole.status).toBe(200);
    const usage = ((await whole.json()) as { usage: { prompt_tokens: number; completion_tokens: number } }).usage;
    const stream = await chat({ model: 'claude-haiku-4-5', messages: [{ role: 'user', content: 'metrics two' }], stream: true });
    expect(stream.status).toBe(200);
    await stream.text();
    const after = await scrape(test.url, metricsToken);

    const moved = (name: string, labels: Record<string, string>) => readMetric(after, name, labels) - readMetric(before, name, labels);
    expect(moved('sovereign_requests_total', { endpoint: 'chat', dialect: 'openai', status: '200', outcome: 'ok' })).toBe(2);
    expect(moved('sovereign_tokens_total', { provider: 'sim-cheap', model: 'gpt-4o-mini', type: 'input' })).toBe(usage.prompt_tokens);
    expect(moved('sovereign_tokens_total', { provider: 'sim-cheap', model: 'gpt-4o-mini', type: 'output' })).toBe(usage.completion_tokens);
    const expectedCost = (usage.prompt_tokens * 1 + usage.completion_tokens * 2) / 1e6;
    expect(moved('sovereign_cost_usd_total', { provider: 'sim-cheap', model: 'gpt-4o-mini' })).toBeCloseTo(expectedCost, 12);
    expect(moved('sovereign_request_duration_seconds_count', { endpoint: 'chat', dialect: 'openai' })).toBe(2);
    expect(moved('sovereign_gateway_overhead_seconds_count', { endpoint: 'chat', dialect: 'openai' })).toBe(2);
    expect(moved('sovereign_provider_duration_seconds_count', { provider: 'sim-cheap', model: 'gpt-4o-mini', outcome: 'ok' })).toBe(1);
    expect(moved('sovereign_time_to_first_token_seconds_count', { provider: 'sim-anthropic', model: 'claude-haiku-4-5' })).toBe(1);
    expect(moved('sovereign_cache_requests_total', { result: 'miss', kind: '' })).toBe(1);
    // The GenAI conventions' metrics, in their Prometheus form.
    const genAi = { gen_ai_operation_name: 'chat', gen_ai_provider_name: 'openai', gen_ai_request_model: 'gpt-4o-mini' };
    expect(moved('gen_ai_client_token_usage_sum', { ...genAi, gen_ai_token_type: 'input' })).toBe(usage.prompt_tokens);
    expect(moved('gen_ai_client_token_usage_count', { ...genAi, gen_ai_token_type: 'output' })).toBe(1);
    expect(moved('gen_ai_client_operation_duration_seconds_count', { ...genAi, error_type: '' })).toBe(1);
    expect(moved('gen_ai_client_operation_duration_seconds_count', { gen_ai_provider_name: 'anthropic', gen_ai_request_model: 'claude-haiku-4-5' })).toBe(1);
    // The provider's time is not the gateway's: overhead stays below the whole duration.
    const overhead = moved('sovereign_gateway_overhead_seconds_sum', { endpoint: 'chat', dialect: 'openai' });
    const total = moved('sovereign_request_duration_seconds_sum', { endpoint: 'chat', dialect: 'openai' });
    expect(overhead).toBeGreaterThanOrEqual(0);
    expect(overhead).toBeLessThan(total);
  });

  it('counts a cache hit by kind, a refusal by policy, and a failed upstream attempt by its error', async () => {
    const before = await scrape(test.url, metricsToken);
    const body = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'cache me' }], temperature: 0 };
    expect((await chat(body)).status).toBe(200);
    const hit = await chat(body);
    expect(hit.headers.get('x-sovereign-cache')).toBe('hit');
    const refused = await chat({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'key AKIAIOSFODNN7EXAMPLE secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }] });
    expect(refused.status).toBe(403);
    test.simulator('sim-cheap').injectFault({ kind: 'server-error', times: 1 });
    const failedOver = await chat({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'fail over' }], temperature: 0 });
    expect(failedOver.status).toBe(200);
    expect(failedOver.headers.get('x-sovereign-provider')).toBe('sim-dear');
    const after = await scrape(test.url, metricsToken);

    const moved = (name: string, labels: Record<string, string>) => readMetric(after, name, labels) - readMetric(before, name, labels);
    expect(moved('sovereign_cache_requests_total', { result: 'hit', kind: 'exact' })).toBe(1);
    expect(moved('sovereign_policy_refusals_total', { policy: 'block-secrets' })).toBe(1);
    expect(moved('sovereign_requests_total', { endpoint: 'chat', status: '403', outcome: 'error' })).toBe(1);
    expect(moved('sovereign_upstream_attempts_total', { provider: 'sim-cheap', result: 'upstream_error' })).toBe(1);
    expect(moved('sovereign_upstream_attempts_total', { provider: 'sim-dear', result: 'ok' })).toBe(1);
    expect(moved('sovereign_provider_duration_seconds_count', { provider: 'sim-cheap', outcome: 'error' })).toBe(1);
    expect(moved('gen_ai_client_operation_duration_seconds_count', { error_type: 'upstream_error' })).toBe(1);
  });

  it("logs the client's trace id on the request line while the gateway does not trace, never a malformed one", async () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    await chat({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'traced by the client' }] }, { traceparent: `00-${traceId}-b7ad6b7169203331-01` });
    await chat({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'not traced' }] }, { traceparent: '00-not-a-trace-01' });
    const lines = test.logs.map((text) => JSON.parse(text) as Record<string, unknown>).filter((entry) => entry.msg === 'request');
    expect(lines.at(-2)).toMatchObject({ traceId });
    expect(lines.at(-2)).not.toHaveProperty('spanId');
    expect(lines.at(-1)).not.toHaveProperty('traceId');
  });

  it('reports circuit states, the audit queue and checkpoint age', async () => {
    await test.gateway.services.auditLog.checkpoint();
    const text = await scrape(test.url, metricsToken);
    expect(readMetric(text, 'sovereign_circuit_state', { provider: 'sim-dear', state: 'closed' })).toBe(1);
    expect(readMetric(text, 'sovereign_circuit_state', { provider: 'sim-dear', state: 'open' })).toBe(0);
    expect(text).toMatch(/^sovereign_audit_queue_depth \d+$/m);
    expect(readMetric(text, 'sovereign_audit_checkpoint_age_seconds', {})).toBeGreaterThanOrEqual(0);
    expect(readMetric(text, 'sovereign_audit_checkpoint_age_seconds', {})).toBeLessThan(60);
  });
});
