import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Seconds, from a tenth of a millisecond: what the gateway itself adds to a request. */
const overheadBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
/** Seconds, from a millisecond to two minutes: whole requests and provider calls. */
const durationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
/** Seconds to the first token of a stream. */
const firstTokenBuckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30];

/**
 * The OpenTelemetry GenAI semantic conventions' advised boundaries (`ExplicitBucketBoundaries`).
 * @see https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-metrics/
 */
export const genAiTokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
export const genAiDurationBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

/** Label names of the GenAI metrics in their Prometheus form (dots become underscores). */
const genAiLabels = ['gen_ai_operation_name', 'gen_ai_provider_name', 'gen_ai_request_model', 'gen_ai_response_model', 'server_address'] as const;

/** Every instrument the gateway exports at `/metrics`, registered on one registry. */
export function createMetricInstruments(registry: Registry) {
  const registers = [registry];
  return {
    requests: new Counter({
      name: 'sovereign_requests_total',
      help: 'Model requests answered, by endpoint, client dialect, HTTP status and outcome (ok, error, cancelled).',
      labelNames: ['endpoint', 'dialect', 'status', 'outcome'] as const,
      registers,
    }),
    requestDuration: new Histogram({
      name: 'sovereign_request_duration_seconds',
      help: 'From the request received to its completion (a stream: its last event).',
      labelNames: ['endpoint', 'dialect'] as const,
      buckets: durationBuckets,
      registers,
    }),
    overhead: new Histogram({
      name: 'sovereign_gateway_overhead_seconds',
      help: "Time the gateway itself spent on a request until its reply was ready (a whole answer complete, a stream's first content in hand), provider time taken out.",
      labelNames: ['endpoint', 'dialect'] as const,
      buckets: overheadBuckets,
      registers,
    }),
    providerDuration: new Histogram({
      name: 'sovereign_provider_duration_seconds',
      help: "One upstream call, from sending it to the provider's answer (a whole answer, or a stream's first content) or its failure.",
      labelNames: ['provider', 'model', 'outcome'] as const,
      buckets: durationBuckets,
      registers,
    }),
    timeToFirstToken: new Histogram({
      name: 'sovereign_time_to_first_token_seconds',
      help: 'From the request received to the first content of a streamed answer.',
      labelNames: ['provider', 'model'] as const,
      buckets: firstTokenBuckets,
      registers,
    }),
    tokens: new Counter({
      name: 'sovereign_tokens_total',
      help: 'Tokens accounted, by provider, model and type (input, output, cached_input: read from a prompt cache, cache_write).',
      labelNames: ['provider', 'model', 'type'] as const,
      registers,
    }),
    cost: new Counter({
      name: 'sovereign_cost_usd_total',
      help: "Cost accounted at the serving model's prices (USD), by provider and model.",
      labelNames: ['provider', 'model'] as const,
      registers,
    }),
    cache: new Counter({
      name: 'sovereign_cache_requests_total',
      help: 'Response cache lookups by result (hit, miss, bypass) and, for hits, the kind of match (exact, semantic).',
      labelNames: ['result', 'kind'] as const,
      registers,
    }),
    cacheRefusals: new Counter({
      name: 'sovereign_cache_entries_refused_total',
      help: 'Sealed cache entries not served (a miss instead), by reason: altered, misplaced (moved to another key or tenant), unsealed (stored in clear), unknown-key.',
      labelNames: ['reason'] as const,
      registers,
    }),
    refusals: new Counter({
      name: 'sovereign_policy_refusals_total',
      help: 'Requests refused by policy (403 policy_denied), by the policy that refused (one count per policy named).',
      labelNames: ['policy'] as const,
      registers,
    }),
    limitRejections: new Counter({
      name: 'sovereign_limit_rejections_total',
      help: 'Requests refused by a budget (budget_exceeded) or a rate limit (rate_limited).',
      labelNames: ['limit'] as const,
      registers,
    }),
    attempts: new Counter({
      name: 'sovereign_upstream_attempts_total',
      help: 'Upstream calls by provider and result: ok, or the catalogued error code.',
      labelNames: ['provider', 'result'] as const,
      registers,
    }),
    inflight: new Gauge({ name: 'sovereign_inflight_requests', help: 'Model requests in flight.', registers }),
    circuit: new Gauge({
      name: 'sovereign_circuit_state',
      help: "Each provider's circuit: 1 for its current state (closed, open, half_open), 0 for the others.",
      labelNames: ['provider', 'state'] as const,
      // Aggregated across `--workers` by the largest: a circuit open in any worker is open.
      aggregator: 'max',
      registers,
    }),
    auditQueue: new Gauge({ name: 'sovereign_audit_queue_depth', help: 'Audit records queued, not yet written.', registers }),
    // Workers see one shared log: aggregated by the largest view, and the youngest checkpoint.
    auditUnsigned: new Gauge({ name: 'sovereign_audit_unsigned_records', help: 'Durable audit records not yet covered by a signed checkpoint.', aggregator: 'max', registers }),
    checkpointAge: new Gauge({
      name: 'sovereign_audit_checkpoint_age_seconds',
      help: 'Seconds since the last signed audit checkpoint (absent before the first).',
      aggregator: 'min',
      registers,
    }),
    extractionChanges: new Counter({
      name: 'sovereign_extraction_action_changes_total',
      help: 'Extraction guard action changes, by subject (key, tenant, network) and new action (flag, throttle, review, block; none: lifted or cleared).',
      labelNames: ['subject', 'to'] as const,
      registers,
    }),
    extractionRefusals: new Counter({
      name: 'sovereign_extraction_refusals_total',
      help: 'Model requests refused by the extraction guard: throttle (429 rate_limited past a throttled rate) or block (403).',
      labelNames: ['action'] as const,
      registers,
    }),
    extractionCases: new Gauge({
      name: 'sovereign_extraction_cases',
      help: 'Keys, tenants and networks with an extraction guard action in force, by subject and action.',
      labelNames: ['subject', 'action'] as const,
      aggregator: 'max',
      registers,
    }),
    extractionQueue: new Gauge({ name: 'sovereign_extraction_queue_depth', help: 'Finished requests waiting for the background extraction detector.', registers }),
    extractionDropped: new Counter({ name: 'sovereign_extraction_dropped_events_total', help: 'Finished requests the extraction detector skipped because its queue was full (extraction.queueCapacity).', registers }),
    extractionCpu: new Counter({ name: 'sovereign_extraction_cpu_seconds_total', help: 'CPU time the extraction detector spent on signals, scoring and coordination (off the request path).', registers }),
    ledgerQueue: new Gauge({ name: 'sovereign_ledger_queue_depth', help: 'Ledger entries queued, not yet committed.', registers }),
    genAiTokens: new Histogram({
      name: 'gen_ai_client_token_usage',
      help: 'OpenTelemetry gen_ai.client.token.usage ({token}): input and output tokens of each upstream operation that was accounted.',
      labelNames: [...genAiLabels, 'gen_ai_token_type'] as const,
      buckets: genAiTokenBuckets,
      registers,
    }),
    genAiDuration: new Histogram({
      name: 'gen_ai_client_operation_duration_seconds',
      help: 'OpenTelemetry gen_ai.client.operation.duration (s): each upstream operation, to the end of its answer (a stream: its last chunk); error_type on failures.',
      labelNames: [...genAiLabels, 'error_type'] as const,
      buckets: genAiDurationBuckets,
      registers,
    }),
  };
}

export type MetricInstruments = ReturnType<typeof createMetricInstruments>;
