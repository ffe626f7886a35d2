import { performance } from 'node:perf_hooks';
import { collectDefaultMetrics, Registry, type Counter, type Histogram, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import type { ModelEntry } from '../../core/catalog/catalog-schema.ts';
import type { GatewayError } from '../../core/errors/gateway-error.ts';
import type { AuditLog } from '../../security/audit/audit-log.ts';
import type { ExtractionGuard } from '../../security/extraction/extraction-guard.ts';
import type { Completion, PipelineContext, RouteCandidate } from '../pipeline/context.ts';
import type { AttemptTelemetry, RequestTelemetry, Telemetry } from '../pipeline/request-telemetry.ts';
import type { CircuitBreaker } from '../reliability/circuit-breaker.ts';
import { genAiOperation, genAiProvider } from './gen-ai-provider.ts';
import { createMetricInstruments, type MetricInstruments } from './metric-instruments.ts';

export interface GatewayMetricsOptions {
  health: CircuitBreaker;
  /** The providers whose circuits are reported (every enabled one, also before its first call). */
  providerIds: readonly string[];
  auditLog?: Pick<AuditLog, 'stats'>;
  ledger?: { readonly pending: number };
  /** The extraction guard, when enabled: its action changes, cases in force, queue and CPU, read at scrape time. */
  extraction?: Pick<ExtractionGuard, 'stats' | 'detector'>;
  state?: { readonly inflight: number };
  /** Sealed cache entries refused and served as a miss, running totals by reason, read at scrape time. */
  cacheRefusals?: ReadonlyMap<string, number>;
  /** Also export Node's process metrics (`process_*`, `nodejs_*`). Default true. */
  processMetrics?: boolean;
  now?: () => number;
}

/** The gateway's Prometheus metrics: a registry, and the telemetry that feeds it from model requests. */
export interface GatewayMetrics {
  readonly registry: Registry;
  readonly telemetry: Telemetry;
  /** The text exposition format, with the gauges read now. */
  render(): Promise<{ contentType: string; body: string }>;
  /** Every metric as prom-client's JSON, with the gauges read now (what a worker sends to be aggregated). */
  snapshot(): Promise<MetricObjectWithValues<MetricValue<string>>[]>;
}

type Outcome = Completion['outcome'];
type Child<T extends Counter | Histogram> = ReturnType<T['labels']>;

/** The children of one provider's model, bound once (label hashing is all prom-client does per observation). */
interface ModelChildren {
  providerOk: Child<Histogram>;
  providerError: Child<Histogram>;
  firstToken: Child<Histogram>;
  input: Child<Counter>;
  output: Child<Counter>;
  cachedInput: Child<Counter>;
  cacheWrite: Child<Counter>;
  cost: Child<Counter>;
  attemptOk: Child<Counter>;
  attemptErrors: Map<string, Child<Counter>>;
  genAiInput: Child<Histogram>;
  genAiOutput: Child<Histogram>;
  genAiOk: Child<Histogram>;
  genAiErrors: Map<string, Child<Histogram>>;
  labels: { provider: string; genAi: string[] };
}

/** The children of one model endpoint and client dialect. */
interface RouteChildren {
  duration: Child<Histogram>;
  overhead: Child<Histogram>;
  requests: Map<number, Partial<Record<Outcome, Child<Counter>>>>;
  labels: [endpoint: string, dialect: string];
}

const circuitStates = [
  ['closed', 'closed'],
  ['open', 'open'],
  ['half-open', 'half_open'],
] as const;

/**
 * Builds the metrics. Counters and histograms move as requests complete (one finalizer per request, after
 * accounting, so tokens and cost are final); gauges (circuits, audit, ledger, in flight) are read at scrape time.
 */
export function createGatewayMetrics(options: GatewayMetricsOptions): GatewayMetrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const instruments = createMetricInstruments(registry);
  const now = options.now ?? Date.now;
  const byModel = new WeakMap<ModelEntry, ModelChildren>();
  const routes: Record<string, Record<string, RouteChildren>> = {};

  const modelChildren = (candidate: RouteCandidate): ModelChildren => {
    let children = byModel.get(candidate.model);
    if (!children) {
      children = bindModel(instruments, candidate);
      byModel.set(candidate.model, children);
    }
    return children;
  };
  const routeChildren = (context: PipelineContext): RouteChildren => {
    const byDialect = (routes[context.endpoint] ??= {});
    return (byDialect[context.dialect] ??= {
      duration: instruments.requestDuration.labels(context.endpoint, context.dialect),
      overhead: instruments.overhead.labels(context.endpoint, context.dialect),
      requests: new Map(),
      labels: [context.endpoint, context.dialect],
    });
  };

  const telemetry: Telemetry = {
    begin(context) {
      const metered = new MeteredRequest(context, routeChildren(context), modelChildren, instruments);
      context.finalizers.push((completion) => metered.complete(completion));
      return metered;
    },
  };

  // The guard (and the cache refusals) keep running totals; the counters move by what changed since the last scrape.
  const extractionSeen = new Map<string, number>();
  const advance = (name: string, total: number, counter: { inc(value: number): void }) => {
    const delta = total - (extractionSeen.get(name) ?? 0);
    if (delta > 0) counter.inc(delta);
    extractionSeen.set(name, total);
  };
  function refreshExtraction(guard: Pick<ExtractionGuard, 'stats' | 'detector'>): void {
    const stats = guard.stats();
    for (const change of stats.changes) advance(`change ${change.subject} ${change.to}`, change.count, instruments.extractionChanges.labels(change.subject, change.to));
    advance('dropped', stats.dropped, instruments.extractionDropped);
    advance('cpu', stats.cpuMicroseconds / 1e6, instruments.extractionCpu);
    instruments.extractionQueue.set(stats.queued);
    for (const subject of ['key', 'tenant', 'network']) for (const action of ['flag', 'throttle', 'review', 'block']) instruments.extractionCases.labels(subject, action).set(0);
    for (const found of guard.detector.inForce()) instruments.extractionCases.labels(found.subject, found.action).set(found.count);
  }

  function refresh(): void {
    for (const providerId of options.providerIds) {
      const state = options.health.state(providerId);
      for (const [name, label] of circuitStates) instruments.circuit.labels(providerId, label).set(state === name ? 1 : 0);
    }
    if (options.auditLog) {
      const stats = options.auditLog.stats();
      instruments.auditQueue.set(stats.queued);
      instruments.auditUnsigned.set(stats.unsigned);
      const last = stats.lastCheckpointAt === undefined ? Number.NaN : Date.parse(stats.lastCheckpointAt);
      if (Number.isFinite(last)) instruments.checkpointAge.set(Math.max(0, (now() - last) / 1000));
    }
    if (options.ledger) instruments.ledgerQueue.set(options.ledger.pending);
    if (options.extraction) refreshExtraction(options.extraction);
    for (const [reason, total] of options.cacheRefusals ?? []) advance(`cache refused ${reason}`, total, instruments.cacheRefusals.labels(reason));
    if (options.state) instruments.inflight.set(options.state.inflight);
  }

  return {
    registry,
    telemetry,
    async render() {
      refresh();
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
    async snapshot() {
      refresh();
      return registry.getMetricsAsJSON();
    },
  };
}

function bindModel(instruments: MetricInstruments, candidate: RouteCandidate): ModelChildren {
  const provider = candidate.providerId;
  const model = candidate.model.name;
  const genAi = genAiProvider(candidate.provider);
  const operation = genAiOperation(candidate.model.capabilities.embeddings ? 'embeddings' : 'chat');
  // request and response model: the name sent to the provider (what it answered with is not tracked).
  const genAiLabels = [operation, genAi.name, candidate.upstreamModel, candidate.upstreamModel, genAi.serverAddress];
  return {
    providerOk: instruments.providerDuration.labels(provider, model, 'ok'),
    providerError: instruments.providerDuration.labels(provider, model, 'error'),
    firstToken: instruments.timeToFirstToken.labels(provider, model),
    input: instruments.tokens.labels(provider, model, 'input'),
    output: instruments.tokens.labels(provider, model, 'output'),
    cachedInput: instruments.tokens.labels(provider, model, 'cached_input'),
    cacheWrite: instruments.tokens.labels(provider, model, 'cache_write'),
    cost: instruments.cost.labels(provider, model),
    attemptOk: instruments.attempts.labels(provider, 'ok'),
    attemptErrors: new Map(),
    genAiInput: instruments.genAiTokens.labels(...genAiLabels, 'input'),
    genAiOutput: instruments.genAiTokens.labels(...genAiLabels, 'output'),
    genAiOk: instruments.genAiDuration.labels(...genAiLabels, ''),
    genAiErrors: new Map(),
    labels: { provider, genAi: genAiLabels },
  };
}

/** One request as the metrics see it: its start, the time spent waiting on providers, the calls that answered. */
class MeteredRequest implements RequestTelemetry {
  private readonly startedAt = performance.now();
  /** Provider time so far (ms): wall time while at least one upstream call was open (hedged calls overlap). */
  private upstreamMs = 0;
  private open = 0;
  private openSince = 0;
  /** Calls that answered; their GenAI operation lasts until the request completes (a stream's end). */
  private answered: Array<{ children: ModelChildren; startedAt: number }> | undefined;

  constructor(
    private readonly context: PipelineContext,
    private readonly route: RouteChildren,
    private readonly modelChildren: (candidate: RouteCandidate) => ModelChildren,
    private readonly instruments: MetricInstruments,
  ) {}

  attempt(candidate: RouteCandidate): AttemptTelemetry {
    const children = this.modelChildren(candidate);
    const startedAt = performance.now();
    if (this.open++ === 0) this.openSince = startedAt;
    let ended = false;
    const end = (): number => {
      const at = performance.now();
      if (!ended) {
        ended = true;
        if (--this.open === 0) this.upstreamMs += at - this.openSince;
      }
      return at;
    };
    return {
      headers: undefined,
      answered: () => {
        if (ended) return;
        children.providerOk.observe((end() - startedAt) / 1000);
        children.attemptOk.inc();
        (this.answered ??= []).push({ children, startedAt });
      },
      failed: (error: GatewayError) => {
        if (ended) return;
        const seconds = (end() - startedAt) / 1000;
        children.providerError.observe(seconds);
        childFor(children.attemptErrors, error.code, () => this.instruments.attempts.labels(children.labels.provider, error.code)).inc();
        childFor(children.genAiErrors, error.code, () => this.instruments.genAiDuration.labels(...children.labels.genAi, error.code)).observe(seconds);
      },
    };
  }

  replied(): void {
    const at = performance.now();
    const upstream = this.upstreamMs + (this.open > 0 ? at - this.openSince : 0);
    this.route.overhead.observe(Math.max(0, at - this.startedAt - upstream) / 1000);
  }

  complete(completion: Completion): void {
    const context = this.context;
    const at = performance.now();
    const route = this.route;
    route.duration.observe((at - this.startedAt) / 1000);
    let byOutcome = route.requests.get(completion.status);
    if (!byOutcome) route.requests.set(completion.status, (byOutcome = {}));
    (byOutcome[completion.outcome] ??= this.instruments.requests.labels(route.labels[0], route.labels[1], String(completion.status), completion.outcome)).inc();

    const error = completion.error;
    if (error) {
      if (error.code === 'policy_denied') {
        const policies = error.details?.policies;
        for (const policy of Array.isArray(policies) && policies.length > 0 ? policies : ['unnamed']) this.instruments.refusals.labels(String(policy)).inc();
      } else if (error.details?.extractionCase !== undefined) this.instruments.extractionRefusals.labels(error.code === 'rate_limited' ? 'throttle' : 'block').inc();
      else if (error.code === 'budget_exceeded') this.instruments.limitRejections.labels('budget').inc();
      else if (error.code === 'rate_limited') this.instruments.limitRejections.labels('rate').inc();
    }

    const cache = context.cache;
    if (cache !== undefined) {
      const hit = cache.status === 'hit';
      this.instruments.cache.labels(cache.status, hit ? (cache.match ?? 'exact') : '').inc();
      if (hit) return;
    }

    for (const call of this.answered ?? []) call.children.genAiOk.observe((at - call.startedAt) / 1000);
    const candidate = context.outcome?.candidate;
    const accounted = context.accounted;
    if (!candidate || !accounted) return;
    const children = this.modelChildren(candidate);
    const usage = accounted.usage;
    if (usage.inputTokens > 0) children.input.inc(usage.inputTokens);
    if (usage.outputTokens > 0) children.output.inc(usage.outputTokens);
    if ((usage.cachedInputTokens ?? 0) > 0) children.cachedInput.inc(usage.cachedInputTokens);
    if ((usage.cacheWriteTokens ?? 0) > 0) children.cacheWrite.inc(usage.cacheWriteTokens);
    if (accounted.costNanoUsd > 0) children.cost.inc(accounted.costNanoUsd / 1e9);
    children.genAiInput.observe(usage.inputTokens);
    if (context.endpoint === 'chat') children.genAiOutput.observe(usage.outputTokens);
    if (completion.ttftMs !== undefined) children.firstToken.observe(completion.ttftMs / 1000);
  }
}

function childFor<T>(children: Map<string, T>, key: string, create: () => T): T {
  let child = children.get(key);
  if (child === undefined) {
    child = create();
    children.set(key, child);
  }
  return child;
}
