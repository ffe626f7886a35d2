import type { Completion, PipelineContext } from '../pipeline/context.ts';
import type { Telemetry } from '../pipeline/request-telemetry.ts';

/** One finished request as the live stream shows it: where it went and why, in kinds and levels, never content. */
export interface FeedEvent {
  seq: number;
  time: number;
  requestId: string;
  decisionId: string | null;
  tenant: string | null;
  keyId: string | null;
  endpoint: string;
  dialect: string;
  status: number;
  outcome: Completion['outcome'];
  errorCode: string | null;
  /** The model asked for; only once routed (an unknown name is never kept). */
  model: string | null;
  provider: string | null;
  jurisdiction: string | null;
  tier: string | null;
  strategy: string | null;
  policies: string[];
  refusedBy: string[];
  classification: string | null;
  dataKinds: string[];
  cache: string | null;
  costUsd: number;
  latencyMs: number;
}

export interface DecisionFeed {
  /** Feeds the stream from every model request's completion. */
  readonly telemetry: Telemetry;
  /** The most recent events, oldest first (for a new subscriber), at most `limit`. */
  recent(limit: number): FeedEvent[];
  /** Calls `listener` with every event from now on; returns the unsubscribe. */
  subscribe(listener: (event: FeedEvent) => void): () => void;
  readonly subscribers: number;
}

/** The live decision stream of this instance: the last `capacity` events kept, each published as its request completes. */
export function createDecisionFeed(options: { capacity?: number; now?: () => number } = {}): DecisionFeed {
  const capacity = options.capacity ?? 500;
  const now = options.now ?? Date.now;
  const events: FeedEvent[] = [];
  const listeners = new Set<(event: FeedEvent) => void>();
  let seq = 0;

  function publish(context: PipelineContext, completion: Completion): void {
    const served = context.outcome?.candidate;
    const decision = context.decision;
    const profile = context.profile;
    const refused = completion.error?.code === 'policy_denied' ? completion.error.details?.policies : undefined;
    const event: FeedEvent = {
      seq: ++seq,
      time: now(),
      requestId: context.requestId,
      decisionId: decision?.id ?? null,
      tenant: context.principal?.tenant ?? null,
      keyId: context.principal?.keyId ?? null,
      endpoint: context.endpoint,
      dialect: context.dialect,
      status: completion.status,
      outcome: completion.outcome,
      errorCode: completion.error?.code ?? null,
      model: decision?.requestedModel ?? null,
      provider: served?.providerId ?? null,
      jurisdiction: served?.provider.jurisdiction ?? null,
      tier: served?.provider.tier ?? null,
      strategy: decision?.strategy ?? null,
      policies: [...(context.policy?.matched ?? [])],
      refusedBy: Array.isArray(refused) ? refused.map(String) : [],
      classification: profile?.classification ?? null,
      dataKinds: profile ? [...profile.personalData.map((found) => found.kind), ...profile.secrets.map((found) => found.kind)] : [],
      cache: context.responseHeaders['x-sovereign-cache'] ?? null,
      costUsd: (context.accounted?.costNanoUsd ?? 0) / 1e9,
      latencyMs: now() - context.receivedAt,
    };
    events.push(event);
    if (events.length > capacity) events.splice(0, events.length - capacity);
    for (const listener of listeners) listener(event);
  }

  return {
    telemetry: {
      begin(context) {
        context.finalizers.push((completion) => publish(context, completion));
        return undefined;
      },
    },
    recent: (limit) => events.slice(Math.max(0, events.length - limit)),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get subscribers() {
      return listeners.size;
    },
  };
}
