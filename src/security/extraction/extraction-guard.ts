import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { AuditEntry } from '../audit/audit-entry.ts';
import { extractionAuditEntry } from './extraction-audit.ts';
import type { ExtractionChange } from './extraction-case.ts';
import { createExtractionDetector, type ExtractionDetector } from './extraction-detector.ts';
import type { ExtractionEvent } from './extraction-event.ts';
import { throttles } from './extraction-policy.ts';
import type { ExtractionSettings } from './extraction-settings.ts';
import type { KeyedHasher } from './keyed-hash.ts';

export interface ExtractionGuardOptions {
  settings: ExtractionSettings;
  hasher: KeyedHasher;
  /** Appends an audit record (the signed log); every action change is recorded with its evidence. */
  record?: (entry: AuditEntry) => Promise<unknown>;
  /** Called with every action change after it is recorded (logging, metrics). */
  onChange?: (change: ExtractionChange) => void;
  onError?: (error: unknown) => void;
  now?: () => number;
}

/** A request waiting for the background computation: builds its event when its turn comes (off the request path). */
export type PendingObservation = () => ExtractionEvent | undefined;

/**
 * The gateway's extraction guard: the request path calls {@link ExtractionGuard.admit} (map look-ups and a token
 * bucket) and {@link ExtractionGuard.observe} (a queue push); fingerprinting, signals, scoring and coordination run
 * in the background in slices of at most `batchBudgetMs`, so the event loop keeps serving requests.
 */
export function createExtractionGuard(options: ExtractionGuardOptions) {
  const { settings } = options;
  const now = options.now ?? Date.now;
  const pending: PendingObservation[] = [];
  const buckets = new Map<string, { tokens: number; updatedAt: number }>();
  const idle: Array<() => void> = [];
  let head = 0;
  let scheduled = false;
  let dropped = 0;
  let cpuMicroseconds = 0;
  let processed = 0;

  const detector: ExtractionDetector = createExtractionDetector({
    settings,
    hasher: options.hasher,
    startedAt: now(),
    onChange(change) {
      options.record?.(extractionAuditEntry(change)).catch((error: unknown) => options.onError?.(error));
      options.onChange?.(change);
    },
  });

  function drainSlice(): void {
    scheduled = false;
    const started = process.cpuUsage();
    const deadline = performance.now() + settings.batchBudgetMs;
    while (head < pending.length && performance.now() < deadline) {
      const build = pending[head]!;
      pending[head++] = undefined as unknown as PendingObservation;
      try {
        const event = build();
        if (event) {
          detector.ingest(event);
          processed++;
        }
      } catch (error) {
        options.onError?.(error);
      }
    }
    const used = process.cpuUsage(started);
    cpuMicroseconds += used.user + used.system;
    if (head >= pending.length) {
      pending.length = 0;
      head = 0;
      for (const resolve of idle.splice(0)) resolve();
    } else schedule();
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(drainSlice);
  }

  /** Takes a token from the bucket of a throttled subject; false when it is empty. */
  function take(bucket: string, perMinute: number, at: number): boolean {
    let state = buckets.get(bucket);
    if (!state) {
      if (buckets.size >= 100_000) buckets.clear();
      buckets.set(bucket, (state = { tokens: perMinute, updatedAt: at }));
    }
    state.tokens = Math.min(perMinute, state.tokens + ((at - state.updatedAt) / 60_000) * perMinute);
    state.updatedAt = at;
    if (state.tokens < 1) return false;
    state.tokens -= 1;
    return true;
  }

  return {
    detector,

    /**
     * Admits a request of this key (its tenant, its client network as `203.0.113.0/24`), or throws: 403
     * `permission_denied` for a blocked subject, 429 `rate_limited` past a throttled subject's rate.
     */
    admit(tenant: string, keyId: string, network?: string): void {
      const networkId = network !== undefined && detector.enforcesNetworks ? detector.networkId(network) : undefined;
      const active = detector.enforcement(tenant, keyId, networkId);
      if (!active || active.action === 'flag') return;
      if (active.action === 'block') {
        throw new GatewayError('permission_denied', { message: 'This key is blocked by the extraction guard; an administrator must review and clear it.', details: { extractionCase: active.caseId } });
      }
      if (throttles(active.action) && !take(active.bucket, active.requestsPerMinute, now())) {
        throw new GatewayError('rate_limited', {
          message: `This key is throttled by the extraction guard to ${active.requestsPerMinute} requests per minute.`,
          retryAfterSeconds: Math.max(1, Math.ceil(60 / active.requestsPerMinute)),
          details: { extractionCase: active.caseId },
        });
      }
    },

    /** Queues a finished request for the background computation; beyond `queueCapacity` it is dropped and counted. */
    observe(build: PendingObservation): void {
      if (pending.length - head >= settings.queueCapacity) {
        dropped++;
        return;
      }
      pending.push(build);
      schedule();
    },

    /** Resolves once every queued request was processed. */
    idle(): Promise<void> {
      if (head >= pending.length) return Promise.resolve();
      return new Promise((resolve) => idle.push(resolve));
    },

    stats() {
      return { ...detector.stats(), queued: pending.length - head, dropped, cpuMicrosecondsPerRequest: processed === 0 ? 0 : cpuMicroseconds / processed };
    },
  };
}

export type ExtractionGuard = ReturnType<typeof createExtractionGuard>;
