import type { StreamPart } from '../../core/canonical/stream-part.ts';
import type { ProviderAdapter } from '../../core/provider/adapter.ts';
import type { ProviderStats } from '../../core/router/provider-stats.ts';
import { HeldStream, type StreamEndListener } from './held-stream.ts';
import type { LatencyWindow, ProviderLatency } from './latency-window.ts';
import { blamesProvider, wrapAdapter } from './wrap-adapter.ts';

export interface StatisticsOptions {
  /** Live statistics the router's `fastest` and `balanced` strategies read; none when the router reads none. */
  stats?: ProviderStats | undefined;
  /** Times to first content and of whole answers, for dispatch's hedge delay. */
  latency: ProviderLatency;
  /** The time (ms); tests inject it. */
  now?: () => number;
}

/**
 * Feeds the live statistics with every chat or embeddings call of one provider. Wrap it around
 * `withFirstContent`, so an answer is timed to its first content: a whole answer (or relayed JSON) gives its time
 * as time to first token; a relayed stream its time to first content; a canonical stream its time to first token
 * and, when it finishes, its output pace (tokens per second after the first), observed then. A failure that blames
 * the provider counts as a failed call; a call whose signal aborted (client gone, hedge lost) counts for nothing.
 * Pass-through calls to another path (count_tokens) are not answers and are not counted.
 */
export function withStatistics(inner: ProviderAdapter, options: StatisticsOptions): ProviderAdapter {
  const providerId = inner.providerId;
  const { stats, latency } = options;
  const now = options.now ?? Date.now;
  const answered = (window: LatencyWindow, startedAt: number, signal: AbortSignal | undefined): void => {
    if (signal?.aborted) return;
    const milliseconds = now() - startedAt;
    window.record(providerId, milliseconds);
    stats?.observe(providerId, { ok: true, ttftMs: milliseconds });
  };
  const failed = (thrown: unknown, signal: AbortSignal | undefined): void => {
    if (stats !== undefined && blamesProvider(thrown, signal)) stats.observe(providerId, { ok: false });
  };
  return wrapAdapter(inner, {
    async doGenerate(request, callOptions) {
      const startedAt = now();
      try {
        const response = await inner.doGenerate(request, callOptions);
        answered(latency.whole, startedAt, callOptions.signal);
        return response;
      } catch (thrown) {
        failed(thrown, callOptions.signal);
        throw thrown;
      }
    },
    async doStream(request, callOptions) {
      const startedAt = now();
      try {
        const response = await inner.doStream(request, callOptions);
        if (callOptions.signal?.aborted) return response;
        const firstContentAt = now();
        latency.stream.record(providerId, firstContentAt - startedAt);
        if (stats !== undefined && response.stream instanceof HeldStream) {
          response.stream.listen(new StreamStatistics(stats, providerId, firstContentAt - startedAt, firstContentAt, now, callOptions.signal));
        }
        return response;
      } catch (thrown) {
        failed(thrown, callOptions.signal);
        throw thrown;
      }
    },
    async doEmbed(request, callOptions) {
      const startedAt = now();
      try {
        const result = await inner.doEmbed!(request, callOptions);
        answered(latency.whole, startedAt, callOptions.signal);
        return result;
      } catch (thrown) {
        failed(thrown, callOptions.signal);
        throw thrown;
      }
    },
    async doPassthrough(request, callOptions) {
      if (request.path !== undefined) return inner.doPassthrough!(request, callOptions);
      const startedAt = now();
      try {
        const response = await inner.doPassthrough!(request, callOptions);
        answered(request.stream ? latency.stream : latency.whole, startedAt, callOptions.signal);
        return response;
      } catch (thrown) {
        failed(thrown, callOptions.signal);
        throw thrown;
      }
    },
  });
}

/** One canonical stream's statistics once it has content: its pace when it finishes, or a failure. */
class StreamStatistics implements StreamEndListener {
  constructor(
    private readonly stats: ProviderStats,
    private readonly providerId: string,
    private readonly ttftMs: number,
    private readonly firstContentAt: number,
    private readonly now: () => number,
    private readonly signal: AbortSignal | undefined,
  ) {}

  finished(finish: Extract<StreamPart, { type: 'finish' }>): void {
    const seconds = (this.now() - this.firstContentAt) / 1000;
    const tokens = finish.usage.outputTokens;
    this.stats.observe(this.providerId, {
      ok: true,
      ttftMs: this.ttftMs,
      ...(seconds > 0 && tokens > 1 ? { tokensPerSecond: (tokens - 1) / seconds } : {}),
    });
  }

  failed(): void {
    if (this.signal?.aborted !== true) this.stats.observe(this.providerId, { ok: false });
  }
}
