import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTracing } from '../../src/server/tracing/start-tracing.ts';
import { simulatedProvider, startTestGateway, type TestGateway } from '../helpers/start-test-gateway.ts';

const clientTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const clientSpanId = '00f067aa0ba902b7';
const prompt = 'Mail anna.schmidt@example.de about the tracing plan';

/**
 * The span tree of one request, exported to memory: a server span under the client's `traceparent`, a span per
 * pipeline stage in order, and a client span per upstream call (the first one failed, the fallback answered), each
 * propagating its own `traceparent` to the provider; GenAI and Sovereign attributes, never the prompt.
 */
describe('tracing', () => {
  let test: TestGateway;
  const exporter = new InMemorySpanExporter();

  beforeAll(async () => {
    test = await startTestGateway({
      providers: [
        simulatedProvider('sim-cheap', 'openai-compatible', [{ name: 'gpt-4o-mini', price: { input: 1, output: 2 } }], { jurisdiction: 'DE' }),
        simulatedProvider('sim-dear', 'openai-compatible', [{ name: 'gpt-4o-mini', price: { input: 3, output: 6 } }], { jurisdiction: 'FR' }),
      ],
      config: { policies: [{ name: 'personal-data-in-eu', when: 'profile.hasPersonalData', require: { jurisdictions: ['EU'] } }] },
      tracing: { spanProcessor: new SimpleSpanProcessor(exporter) },
    });
  });
  afterAll(async () => {
    await test.close();
  });
  beforeEach(() => exporter.reset());

  const send = (headers: Record<string, string> = {}) =>
    fetch(`${test.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${test.apiKey}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }], temperature: 0.5 }),
    });

  it('builds the span tree of a request whose first upstream attempt failed and was retried on the next candidate', async () => {
    test.simulator('sim-cheap').injectFault({ kind: 'server-error', times: 1 });
    const response = await send({ traceparent: `00-${clientTraceId}-${clientSpanId}-01` });
    expect(response.status).toBe(200);
    await response.json();
    const spans = exporter.getFinishedSpans();
    const byParent = (parent: ReadableSpan) => spans.filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId);

    const server = spans.filter((span) => span.kind === SpanKind.SERVER);
    expect(server).toHaveLength(1);
    const root = server[0]!;
    expect(root.name).toBe('POST /v1/chat/completions');
    expect(root.spanContext().traceId).toBe(clientTraceId);
    expect(root.parentSpanContext?.spanId).toBe(clientSpanId);
    expect(spans.every((span) => span.spanContext().traceId === clientTraceId)).toBe(true);

    const stages = byParent(root).filter((span) => span.kind === SpanKind.INTERNAL);
    const stageNames = stages.map((span) => span.name.replace('sovereign.stage ', ''));
    expect(stageNames).toEqual(['audit', 'account', 'authenticate', 'ingressChat', 'authorize', 'profile', 'enforce', 'verifyTransport', 'redact', 'compress', 'route', 'cache', 'promptCache', 'reserve', 'cascade', 'dispatch']);
    // The stages tile the request in order: each starts once the one before handed on.
    for (let index = 1; index < stages.length; index++) expect(hrtimeMs(stages[index]!.startTime)).toBeGreaterThanOrEqual(hrtimeMs(stages[index - 1]!.startTime));

    const dispatch = stages.at(-1)!;
    const attempts = byParent(dispatch);
    expect(attempts.map((span) => [span.kind, span.name, span.attributes['sovereign.provider.id']])).toEqual([
      [SpanKind.CLIENT, 'chat gpt-4o-mini', 'sim-cheap'],
      [SpanKind.CLIENT, 'chat gpt-4o-mini', 'sim-dear'],
    ]);
    const [failed, served] = attempts as [ReadableSpan, ReadableSpan];
    expect(failed.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed.attributes['error.type']).toBe('upstream_error');
    expect(served.status.code).toBe(SpanStatusCode.UNSET);
    expect(served.attributes).toMatchObject({ 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini', 'sovereign.jurisdiction': 'FR' });
    expect(served.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);

    // Each attempt carried its own span as the provider's parent.
    const received = [...test.simulator('sim-cheap').received, ...test.simulator('sim-dear').received].slice(-2);
    expect(received.map((request) => request.headers.traceparent)).toEqual([failed, served].map((span) => `00-${clientTraceId}-${span.spanContext().spanId}-01`));

    expect(root.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.provider.name': 'openai',
      'sovereign.decision.id': response.headers.get('x-sovereign-decision'),
      'sovereign.jurisdiction': 'FR',
      'sovereign.policy.matched': ['personal-data-in-eu'],
      'http.response.status_code': 200,
    });
    expect(root.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
    // Never content: the prompt and the email address appear in no attribute, event or name.
    const everything = JSON.stringify(spans.map((span) => [span.name, span.attributes, span.events]));
    expect(everything).not.toContain('anna.schmidt');
    expect(everything).not.toContain('tracing plan');
    expect(everything).not.toContain(test.apiKey);

    // The request log line carries the trace.
    const line = test.logs.map((text) => JSON.parse(text) as Record<string, unknown>).findLast((entry) => entry.msg === 'request');
    expect(line).toMatchObject({ traceId: clientTraceId, spanId: root.spanContext().spanId });
  });

  it('starts a new trace without a traceparent, and marks a refused request with its error type', async () => {
    const response = await fetch(`${test.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-unknown', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(401);
    const root = exporter.getFinishedSpans().find((span) => span.kind === SpanKind.SERVER)!;
    expect(root.parentSpanContext).toBeUndefined();
    expect(root.attributes['error.type']).toBe('invalid_api_key');
    expect(root.status.code).toBe(SpanStatusCode.ERROR);
    const authenticate = exporter.getFinishedSpans().find((span) => span.name === 'sovereign.stage authenticate')!;
    expect(authenticate.attributes['error.type']).toBe('invalid_api_key');
  });

  it('is off without an OTLP endpoint: nothing to start', async () => {
    expect(await startTracing({})).toBeUndefined();
    expect(await startTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
  });
});

function hrtimeMs(time: [number, number]): number {
  return time[0] * 1000 + time[1] / 1e6;
}
