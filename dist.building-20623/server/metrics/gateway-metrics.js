import { performance } from 'node:perf_hooks';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { genAiOperation, genAiProvider } from "./gen-ai-provider.js";
import { createMetricInstruments } from "./metric-instruments.js";
const circuitStates = [
    ['closed', 'closed'],
    ['open', 'open'],
    ['half-open', 'half_open'],
];
/**
 * Builds the metrics. Counters and histograms move as requests complete (one finalizer per request, after
 * accounting, so tokens and cost are final); gauges (circuits, audit, ledger, in flight) are read at scrape time.
 */
export function createGatewayMetrics(options) {
    const registry = new Registry();
    if (options.processMetrics ?? true)
        collectDefaultMetrics({ register: registry });
    const instruments = createMetricInstruments(registry);
    const now = options.now ?? Date.now;
    const byModel = new WeakMap();
    const routes = {};
    const modelChildren = (candidate) => {
        let children = byModel.get(candidate.model);
        if (!children) {
            children = bindModel(instruments, candidate);
            byModel.set(candidate.model, children);
        }
        return children;
    };
    const routeChildren = (context) => {
        const byDialect = (routes[context.endpoint] ??= {});
        return (byDialect[context.dialect] ??= {
            duration: instruments.requestDuration.labels(context.endpoint, context.dialect),
            overhead: instruments.overhead.labels(context.endpoint, context.dialect),
            requests: new Map(),
            labels: [context.endpoint, context.dialect],
        });
    };
    const telemetry = {
        begin(context) {
            const metered = new MeteredRequest(context, routeChildren(context), modelChildren, instruments);
            context.finalizers.push((completion) => metered.complete(completion));
            return metered;
        },
    };
    function refresh() {
        for (const providerId of options.providerIds) {
            const state = options.health.state(providerId);
            for (const [name, label] of circuitStates)
                instruments.circuit.labels(providerId, label).set(state === name ? 1 : 0);
        }
        if (options.auditLog) {
            const stats = options.auditLog.stats();
            instruments.auditQueue.set(stats.queued);
            instruments.auditUnsigned.set(stats.unsigned);
            const last = stats.lastCheckpointAt === undefined ? Number.NaN : Date.parse(stats.lastCheckpointAt);
            if (Number.isFinite(last))
                instruments.checkpointAge.set(Math.max(0, (now() - last) / 1000));
        }
        if (options.ledger)
            instruments.ledgerQueue.set(options.ledger.pending);
        if (options.state)
            instruments.inflight.set(options.state.inflight);
    }
    return {
        registry,
        telemetry,
        async render() {
            refresh();
            return { contentType: registry.contentType, body: await registry.metrics() };
        },
    };
}
function bindModel(instruments, candidate) {
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
class MeteredRequest {
    context;
    route;
    modelChildren;
    instruments;
    startedAt = performance.now();
    /** Provider time so far (ms): wall time while at least one upstream call was open (hedged calls overlap). */
    upstreamMs = 0;
    open = 0;
    openSince = 0;
    /** Calls that answered; their GenAI operation lasts until the request completes (a stream's end). */
    answered;
    constructor(context, route, modelChildren, instruments) {
        this.context = context;
        this.route = route;
        this.modelChildren = modelChildren;
        this.instruments = instruments;
    }
    attempt(candidate) {
        const children = this.modelChildren(candidate);
        const startedAt = performance.now();
        if (this.open++ === 0)
            this.openSince = startedAt;
        let ended = false;
        const end = () => {
            const at = performance.now();
            if (!ended) {
                ended = true;
                if (--this.open === 0)
                    this.upstreamMs += at - this.openSince;
            }
            return at;
        };
        return {
            headers: undefined,
            answered: () => {
                if (ended)
                    return;
                children.providerOk.observe((end() - startedAt) / 1000);
                children.attemptOk.inc();
                (this.answered ??= []).push({ children, startedAt });
            },
            failed: (error) => {
                if (ended)
                    return;
                const seconds = (end() - startedAt) / 1000;
                children.providerError.observe(seconds);
                childFor(children.attemptErrors, error.code, () => this.instruments.attempts.labels(children.labels.provider, error.code)).inc();
                childFor(children.genAiErrors, error.code, () => this.instruments.genAiDuration.labels(...children.labels.genAi, error.code)).observe(seconds);
            },
        };
    }
    replied() {
        const at = performance.now();
        const upstream = this.upstreamMs + (this.open > 0 ? at - this.openSince : 0);
        this.route.overhead.observe(Math.max(0, at - this.startedAt - upstream) / 1000);
    }
    complete(completion) {
        const context = this.context;
        const at = performance.now();
        const route = this.route;
        route.duration.observe((at - this.startedAt) / 1000);
        let byOutcome = route.requests.get(completion.status);
        if (!byOutcome)
            route.requests.set(completion.status, (byOutcome = {}));
        (byOutcome[completion.outcome] ??= this.instruments.requests.labels(route.labels[0], route.labels[1], String(completion.status), completion.outcome)).inc();
        const error = completion.error;
        if (error) {
            if (error.code === 'policy_denied') {
                const policies = error.details?.policies;
                for (const policy of Array.isArray(policies) && policies.length > 0 ? policies : ['unnamed'])
                    this.instruments.refusals.labels(String(policy)).inc();
            }
            else if (error.code === 'budget_exceeded')
                this.instruments.limitRejections.labels('budget').inc();
            else if (error.code === 'rate_limited')
                this.instruments.limitRejections.labels('rate').inc();
        }
        const cache = context.responseHeaders['x-sovereign-cache'];
        if (cache !== undefined) {
            const hit = cache === 'hit';
            this.instruments.cache.labels(cache, hit ? (context.responseHeaders['x-sovereign-cache-match'] ?? 'exact') : '').inc();
            if (hit)
                return;
        }
        for (const call of this.answered ?? [])
            call.children.genAiOk.observe((at - call.startedAt) / 1000);
        const candidate = context.outcome?.candidate;
        const accounted = context.accounted;
        if (!candidate || !accounted)
            return;
        const children = this.modelChildren(candidate);
        const usage = accounted.usage;
        if (usage.inputTokens > 0)
            children.input.inc(usage.inputTokens);
        if (usage.outputTokens > 0)
            children.output.inc(usage.outputTokens);
        if ((usage.cachedInputTokens ?? 0) > 0)
            children.cachedInput.inc(usage.cachedInputTokens);
        if ((usage.cacheWriteTokens ?? 0) > 0)
            children.cacheWrite.inc(usage.cacheWriteTokens);
        if (accounted.costNanoUsd > 0)
            children.cost.inc(accounted.costNanoUsd / 1e9);
        children.genAiInput.observe(usage.inputTokens);
        if (context.endpoint === 'chat')
            children.genAiOutput.observe(usage.outputTokens);
        if (completion.ttftMs !== undefined)
            children.firstToken.observe(completion.ttftMs / 1000);
    }
}
function childFor(children, key, create) {
    let child = children.get(key);
    if (child === undefined) {
        child = create();
        children.set(key, child);
    }
    return child;
}
//# sourceMappingURL=gateway-metrics.js.map