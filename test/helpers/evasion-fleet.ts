import { afterAll, beforeAll, beforeEach } from 'vitest';
import { simulatedProvider, startTestGateway, type TestGateway } from './start-test-gateway.ts';

/**
 * A fleet for evasion tests: local providers in Germany (SECRET-cleared OpenAI-compatible, CUI-cleared Ollama), an
 * Anthropic provider in France (EEA), and the cheapest and strongest providers in Singapore (outside the EEA and
 * adequacy list), so every kind of datum has exactly one right place:
 * - nothing found: `sg-openai` (`chat`, `embed`) or `sg-anthropic` (`claude`), the cheapest;
 * - personal data: `eu-anthropic` (chat), `local-cui` (embeddings), never Singapore;
 * - a SECRET marking: `local-secret` only; TOP SECRET, or a credential: refused with 403, nothing sent.
 * Model `claude` is served by Anthropic providers and `local-secret`, so Anthropic clients take the pass-through
 * path to `sg-anthropic` and `eu-anthropic`; OpenAI clients take it to `sg-openai` and `local-secret`.
 */
const chatCapabilities = { tools: true, vision: true, json: true, embeddings: false };

export const evasionFleet = [
  simulatedProvider(
    'local-secret',
    'openai-compatible',
    [
      { name: 'chat', price: { input: 0.5, output: 0.5 }, quality: { overall: 0.8 }, capabilities: chatCapabilities },
      { name: 'claude', price: { input: 0.5, output: 0.5 }, quality: { overall: 0.8 }, capabilities: chatCapabilities },
      { name: 'embed', price: { input: 0.5, output: 0 }, capabilities: { tools: false, vision: false, json: false, embeddings: true } },
    ],
    { tier: 'local', jurisdiction: 'DE', operator: { name: 'Own DC', country: 'DE' }, clearance: 'SECRET' },
  ),
  simulatedProvider(
    'local-cui',
    'ollama',
    [
      { name: 'chat', price: { input: 0.3, output: 0.3 }, quality: { overall: 0.6 }, capabilities: chatCapabilities },
      { name: 'embed', price: { input: 0.3, output: 0 }, capabilities: { tools: false, vision: false, json: false, embeddings: true } },
    ],
    { tier: 'local', jurisdiction: 'DE', operator: { name: 'Office', country: 'DE' }, clearance: 'CUI' },
  ),
  simulatedProvider(
    'eu-anthropic',
    'anthropic',
    [
      { name: 'chat', price: { input: 0.2, output: 0.2 }, quality: { overall: 0.7 }, capabilities: chatCapabilities },
      { name: 'claude', price: { input: 0.2, output: 0.2 }, quality: { overall: 0.7 }, capabilities: chatCapabilities },
    ],
    { jurisdiction: 'FR', operator: { name: 'FR cloud', country: 'FR' } },
  ),
  simulatedProvider(
    'sg-openai',
    'openai-compatible',
    [
      { name: 'chat', price: { input: 0.01, output: 0.01 }, quality: { overall: 0.99 }, capabilities: chatCapabilities },
      { name: 'embed', price: { input: 0.01, output: 0 }, capabilities: { tools: false, vision: false, json: false, embeddings: true } },
    ],
    { jurisdiction: 'SG', operator: { name: 'SG cloud', country: 'SG' } },
  ),
  simulatedProvider('sg-anthropic', 'anthropic', [{ name: 'claude', price: { input: 0.01, output: 0.01 }, quality: { overall: 0.95 }, capabilities: chatCapabilities }], {
    jurisdiction: 'SG',
    operator: { name: 'SG cloud', country: 'SG' },
  }),
];

/** The default configuration's three policies. */
export const evasionPolicies = [
  { name: 'block-secrets', when: 'profile.hasSecrets', actions: ['block'] },
  { name: 'classified-stays-local', when: 'profile.classificationLevel >= 2', require: { tiers: ['local'], minClearance: 'classification' } },
  { name: 'eu-personal-data', when: "profile.hasPersonalData && 'eu' in principal.labels", require: { jurisdictions: ['EEA', 'adequacy'] } },
];

/** The data a test plants, each in its plain form, with where it may go. */
export const planted = {
  marking: { text: 'SECRET//NOFORN\nOperation NIGHTJAR moves at dawn.', probe: 'NIGHTJAR', allowed: ['local-secret'], chat: 'local-secret', embeddings: 'local-secret' },
  email: { text: 'anna.schmidt@example.de', probe: 'anna.schmidt@example.de', allowed: ['eu-anthropic', 'local-cui', 'local-secret'], chat: 'eu-anthropic', embeddings: 'local-cui' },
  secret: { text: 'sk-proj-Zq3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAbCd', probe: 'Zq3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z', allowed: [], chat: 403, embeddings: 403 },
} as const;

export type PlantedKind = keyof typeof planted;

export const tenantBKey = 'sk-tenant-b-evasion-0123456789abcdef';

/** Starts a gateway on the evasion fleet: the default policies, an EU default tenant, a second tenant `team-b`. */
export function startEvasionGateway(config: Record<string, unknown> = {}): Promise<TestGateway> {
  return startTestGateway({
    providers: evasionFleet,
    config: {
      policies: evasionPolicies,
      tenants: { default: { labels: ['eu'], country: 'DE' }, 'team-b': { labels: ['eu'], country: 'DE' } },
      keys: [{ key: tenantBKey, tenant: 'team-b' }],
      routing: { maxFallbacks: 4 },
      cascade: { accept: 'false' },
      // Every case must reach a provider (or be refused): a cached answer would hide where a request went.
      cache: { enabled: false },
      ...config,
    },
  });
}

/** What one request did: its status, the provider that answered, the body read to its end. */
export interface Sent {
  status: number;
  provider: string | null;
  text: string;
  headers: Headers;
}

/** Posts to the gateway in a dialect (a raw string body is sent as it is) and reads the answer to its end. */
export async function send(
  harness: TestGateway,
  path: '/v1/chat/completions' | '/v1/messages' | '/v1/messages/count_tokens' | '/v1/embeddings',
  body: unknown,
  headers: Record<string, string> = {},
  key = harness.apiKey,
): Promise<Sent> {
  const response = await fetch(`${harness.url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      ...(path.startsWith('/v1/messages') ? { 'anthropic-version': '2023-06-01' } : {}),
      ...headers,
    },
    body: typeof body === 'string' ? body : body instanceof Uint8Array ? new Blob([new Uint8Array(body)]) : JSON.stringify(body),
  });
  return { status: response.status, provider: response.headers.get('x-sovereign-provider'), text: await response.text(), headers: response.headers };
}

/** The ids of the simulators that received anything since the last reset, sorted. */
export function reached(harness: TestGateway): string[] {
  return [...harness.gateway.simulators.entries()].filter(([, simulator]) => simulator.received.length > 0).map(([id]) => id).sort();
}

/** The ids of the simulators whose received bodies hold `probe`. */
export function receivedBy(harness: TestGateway, probe: string): string[] {
  return [...harness.gateway.simulators.entries()]
    .filter(([, simulator]) => simulator.received.some((request) => JSON.stringify(request.body).includes(probe)))
    .map(([id]) => id)
    .sort();
}

export function resetSimulators(harness: TestGateway): void {
  for (const simulator of harness.gateway.simulators.values()) {
    simulator.clearFaults();
    simulator.reset();
  }
}

/**
 * An evasion gateway for the enclosing `describe`: started before its tests, closed after them, every simulator's
 * recordings and faults cleared before each test. Returns the gateway's getter.
 */
export function useEvasionGateway(config: Record<string, unknown> = {}): () => TestGateway {
  let harness: TestGateway | undefined;
  beforeAll(async () => {
    harness = await startEvasionGateway(config);
  });
  afterAll(() => harness?.close());
  beforeEach(() => resetSimulators(harness!));
  return () => harness!;
}
