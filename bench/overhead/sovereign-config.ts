import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import { validateConfig } from '../../src/server/config/load-config.ts';
import { chatModel, idleStreamModel } from './bench-models.ts';

/**
 * Policies of the kind a real deployment carries. None matches the benchmark's plain prompt, but every one is
 * evaluated on every request, as it would be in production.
 */
const benchPolicies = [
  { name: 'classified-stays-local', when: 'profile.classification in ["CUI", "SECRET", "TOP SECRET"]', require: { tiers: ['local'] }, actions: ['no-cache'] },
  { name: 'eu-personal-data', when: 'profile.hasPersonalData', require: { jurisdictions: ['EU', 'EEA', 'adequacy'] }, actions: ['audit-prompt'] },
  { name: 'no-secrets', when: 'profile.hasSecrets', actions: ['block'] },
];

export interface SovereignBenchConfig {
  /** The YAML text for `sovereign serve --config`. */
  yaml: string;
  /** The default tenant's key (`SOVEREIGN_API_KEY`). */
  apiKey: string;
  /** What the configuration turns on, for the report. */
  features: string[];
}

export interface SovereignBenchOptions {
  /**
   * Give the default tenant a budget and request and token rates (set far above what the benchmark sends, so
   * nothing is refused): every request then holds and settles them, written ahead where the checkout does that.
   */
  limits?: boolean;
  /** `false`: no `/metrics` and no metric hooks (the observability comparison's baseline). Default on, as served. */
  metrics?: boolean;
  /** Turn the extraction guard on (its default policy): every chat request is queued for the background detector. */
  extraction?: boolean;
}

/**
 * A configuration with one `openai-compatible` provider at `upstreamBaseUrl` and the full pipeline on: strict
 * audit, policies, info-level request logs as `sovereign serve` writes by default.
 */
export function sovereignBenchConfig(upstreamBaseUrl: string, port: number, options: SovereignBenchOptions = {}): SovereignBenchConfig {
  const apiKey = `sk-sov-bench-${randomBytes(12).toString('hex')}`;
  const document: Record<string, unknown> = {
    server: { host: '127.0.0.1', port, shutdownGraceMs: 500 },
    routing: { defaultStrategy: 'cheapest', maxFallbacks: 2 },
    logging: { level: 'info' },
    providers: [
      {
        id: 'bench-upstream',
        adapter: 'openai-compatible',
        tier: 'cloud',
        jurisdiction: 'US',
        region: 'loopback',
        operator: { name: 'Provider simulator', country: 'US' },
        retention: 0,
        baseUrl: upstreamBaseUrl,
        apiKey: 'sk-bench-upstream',
        models: [
          { name: chatModel, price: { input: 0.15, cachedInput: 0.075, output: 0.6 }, contextWindow: 128000, quality: { overall: 0.72 } },
          { name: idleStreamModel, price: { input: 0.15, output: 0.6 }, contextWindow: 128000 },
        ],
      },
    ],
    audit: { strict: true },
    policies: benchPolicies,
    ...(options.metrics === false ? { metrics: { enabled: false } } : {}),
    ...(options.limits
      ? { tenants: { default: { budgets: { usdPerDay: 1_000_000 }, rateLimits: { requestsPerMinute: 100_000_000, tokensPerMinute: 1_000_000_000_000 } } } }
      : {}),
    ...(options.extraction ? { extraction: { enabled: true } } : {}),
  };
  // Refused here, with the path and reason, if the schema ever stops accepting the benchmark's configuration.
  validateConfig(document, 'bench', { SOVEREIGN_API_KEY: apiKey });
  const features = ['auth', 'routing', 'dispatch', 'request log (info)', 'strict audit', `${benchPolicies.length} policies`, ...(options.limits ? ['budget and rate limits'] : []), ...(options.metrics === false ? ['metrics off'] : ['metrics']), ...(options.extraction ? ['extraction guard'] : [])];
  return { yaml: stringify(document), apiKey, features };
}
