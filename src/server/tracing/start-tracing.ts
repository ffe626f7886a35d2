import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Telemetry } from '../pipeline/request-telemetry.ts';

export interface TracingOptions {
  /** Where spans go instead of OTLP (tests: a `SimpleSpanProcessor` over an `InMemorySpanExporter`). */
  spanProcessor?: SpanProcessor;
}

/** Tracing, started: the telemetry that builds spans, and how to stop (exporting what is buffered). */
export interface Tracing {
  readonly telemetry: Telemetry;
  /** Where spans are exported (`OTLP http/json to URL`, or `a span processor`). */
  readonly destination: string;
  shutdown(): Promise<void>;
}

/** `OTEL_EXPORTER_OTLP_HEADERS` (`name=value,name2=value2`, values URL-encoded) as headers. */
function otlpHeaders(value: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (value ?? '').split(',')) {
    const equals = pair.indexOf('=');
    if (equals <= 0) continue;
    headers[pair.slice(0, equals).trim()] = decodeURIComponent(pair.slice(equals + 1).trim());
  }
  return headers;
}

/** The OTLP traces URL: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` as is, else `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`. */
export function otlpTracesUrl(env: Record<string, string | undefined>): string | undefined {
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (traces) return traces;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  return base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined;
}

/**
 * Starts tracing when `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set, or a span
 * processor is given; otherwise resolves undefined without loading anything of OpenTelemetry, so a gateway without
 * tracing builds no span and pays nothing. `OTEL_SDK_DISABLED=true` turns it off. Spans go out in batches over
 * OTLP/HTTP (JSON), with `OTEL_EXPORTER_OTLP_HEADERS`; the service is `OTEL_SERVICE_NAME` (default `sovereign`);
 * sampling is parent-based (a client's sampled flag is followed), `OTEL_TRACES_SAMPLER_ARG` the ratio for new traces.
 */
export async function startTracing(env: Record<string, string | undefined>, options: TracingOptions = {}): Promise<Tracing | undefined> {
  const url = otlpTracesUrl(env);
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true' && !options.spanProcessor) return undefined;
  if (!url && !options.spanProcessor) return undefined;
  const [sdk, resources, exporters, { createTracingTelemetry }] = await Promise.all([
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/resources'),
    url && !options.spanProcessor ? import('@opentelemetry/exporter-trace-otlp-http') : undefined,
    import('./tracing-telemetry.ts'),
  ]);
  const processor =
    options.spanProcessor ?? new sdk.BatchSpanProcessor(new exporters!.OTLPTraceExporter({ url: url!, headers: otlpHeaders(env.OTEL_EXPORTER_OTLP_HEADERS) }));
  const ratio = Number(env.OTEL_TRACES_SAMPLER_ARG ?? '1');
  const provider = new sdk.BasicTracerProvider({
    resource: resources.resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME?.trim() || 'sovereign' }),
    sampler: new sdk.ParentBasedSampler({ root: new sdk.TraceIdRatioBasedSampler(Number.isFinite(ratio) ? Math.min(1, Math.max(0, ratio)) : 1) }),
    spanProcessors: [processor],
  });
  return {
    telemetry: createTracingTelemetry(provider.getTracer('sovereign')),
    destination: options.spanProcessor ? 'a span processor' : `OTLP http/json to ${url}`,
    shutdown: () => provider.shutdown(),
  };
}
