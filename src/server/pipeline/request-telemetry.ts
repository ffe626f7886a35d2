import type { Middleware } from './compose.ts';
import type { PipelineContext, RequestTelemetry } from './context.ts';

export type { AttemptTelemetry, RequestTelemetry } from './context.ts';

/**
 * A source of telemetry (metrics, tracing) for model requests, built once at start-up. Every hook is on the hot
 * path: with nothing configured the gateway holds no `Telemetry` at all and calls nothing.
 */
export interface Telemetry {
  /** A request starts (context created, no stage run): returns what observes it, and may register finalizers. */
  begin(context: PipelineContext): RequestTelemetry | undefined;
  /** Wraps a stage when the pipeline is composed (tracing: a span per stage). */
  wrapStage?(name: string, stage: Middleware<PipelineContext>): Middleware<PipelineContext>;
}

/** One `Telemetry` over several (metrics and tracing), or the only one, or none. */
export function combineTelemetry(sources: ReadonlyArray<Telemetry | undefined>): Telemetry | undefined {
  const active = sources.filter((source): source is Telemetry => source !== undefined);
  if (active.length <= 1) return active[0];
  return {
    begin(context) {
      const parts: RequestTelemetry[] = [];
      for (const source of active) {
        const part = source.begin(context);
        if (part) parts.push(part);
      }
      return parts.length <= 1 ? parts[0] : combineRequests(parts);
    },
    wrapStage(name, stage) {
      let wrapped = stage;
      for (const source of active) if (source.wrapStage) wrapped = source.wrapStage(name, wrapped);
      return wrapped;
    },
  };
}

function combineRequests(parts: RequestTelemetry[]): RequestTelemetry {
  const traced = parts.find((part) => part.traceId !== undefined);
  return {
    traceId: traced?.traceId,
    spanId: traced?.spanId,
    attempt(candidate) {
      const attempts = parts.map((part) => part.attempt(candidate));
      let headers: Record<string, string> | undefined;
      for (const attempt of attempts) if (attempt.headers) headers = { ...headers, ...attempt.headers };
      return {
        headers,
        answered: () => attempts.forEach((attempt) => attempt.answered()),
        failed: (error) => attempts.forEach((attempt) => attempt.failed(error)),
      };
    },
    replied(status) {
      for (const part of parts) part.replied(status);
    },
  };
}
