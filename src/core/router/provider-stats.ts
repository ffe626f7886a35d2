/** One finished (or failed) call to a provider. */
export interface ProviderObservation {
  /** Time to first token (or to the whole answer when not streamed), in ms. */
  readonly ttftMs?: number;
  /** Output tokens per second after the first token. */
  readonly tokensPerSecond?: number;
  readonly ok: boolean;
}

/** Exponentially weighted moving averages of one provider's live behaviour. */
export interface ProviderStatsRecord {
  readonly providerId: string;
  readonly ttftMs: number;
  readonly tokensPerSecond: number;
  /** Share of failed calls, in [0, 1]. */
  readonly errorRate: number;
  /** Observations that carried a time to first token. */
  readonly latencySamples: number;
  readonly samples: number;
}

/**
 * Live latency and error statistics per provider, fed by the dispatcher and read by the `fastest` and `balanced`
 * strategies. `record` returns a live object that `observe` updates in place, so the router holds it and reads
 * it without a lookup per decision.
 */
export interface ProviderStats {
  observe(providerId: string, observation: ProviderObservation): void;
  /** The live record of a provider (created empty on first use). */
  record(providerId: string): ProviderStatsRecord;
  /** A copy of every record, for metrics and the dashboard. */
  snapshot(): ProviderStatsRecord[];
  /** Incremented by every observation, so readers can tell whether their derived figures are stale. */
  readonly version: number;
}

export interface ProviderStatsOptions {
  /** Weight of a new observation, in (0, 1]. Default 0.2 (about the last ten calls matter). */
  alpha?: number;
}

type MutableRecord = { -readonly [Key in keyof ProviderStatsRecord]: ProviderStatsRecord[Key] };

export function createProviderStats(options: ProviderStatsOptions = {}): ProviderStats {
  const alpha = options.alpha ?? 0.2;
  if (!(alpha > 0 && alpha <= 1)) throw new RangeError('alpha must be in (0, 1]');
  const records = new Map<string, MutableRecord>();
  const record = (providerId: string): MutableRecord => {
    let entry = records.get(providerId);
    if (entry === undefined) {
      entry = { providerId, ttftMs: 0, tokensPerSecond: 0, errorRate: 0, latencySamples: 0, samples: 0 };
      records.set(providerId, entry);
    }
    return entry;
  };
  let version = 0;
  const average = (previous: number, sample: number, first: boolean): number => (first ? sample : previous + alpha * (sample - previous));
  return {
    observe(providerId, observation) {
      const entry = record(providerId);
      version++;
      entry.errorRate = average(entry.errorRate, observation.ok ? 0 : 1, entry.samples === 0);
      entry.samples++;
      if (!observation.ok) return;
      const first = entry.latencySamples === 0;
      if (observation.ttftMs !== undefined && Number.isFinite(observation.ttftMs) && observation.ttftMs >= 0) {
        entry.ttftMs = average(entry.ttftMs, observation.ttftMs, first);
        if (observation.tokensPerSecond !== undefined && Number.isFinite(observation.tokensPerSecond) && observation.tokensPerSecond > 0) {
          entry.tokensPerSecond = average(entry.tokensPerSecond, observation.tokensPerSecond, first || entry.tokensPerSecond === 0);
        }
        entry.latencySamples++;
      }
    },
    record,
    snapshot: () => [...records.values()].map((entry) => ({ ...entry })),
    get version() {
      return version;
    },
  };
}
