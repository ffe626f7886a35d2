import type { ProviderEntryInput } from '../../src/core/catalog/catalog-schema.ts';
import { simulatedProvider, startTestGateway, type TestGateway } from './start-test-gateway.ts';

/** The device model of the edge tests: the tiny real model, dearer than the cloud so only policy sends work there. */
export function edgeModel(file: string) {
  return {
    name: 'stories260k',
    file,
    price: { input: 0.05, output: 0.1 },
    contextWindow: 2048,
    capabilities: { tools: false, vision: false, json: false, embeddings: false },
    quality: { overall: 0.2 },
  };
}

/** Policies of the edge tests: personal data never leaves the device; the rest as in the embedded default. */
export const edgePolicies = [
  { name: 'block-secrets', when: 'profile.hasSecrets', actions: ['block'] },
  {
    name: 'personal-data-stays-on-device',
    description: 'Personal data is processed only on the user\'s own device.',
    when: 'profile.hasPersonalData',
    require: { tiers: ['edge'] },
  },
  { name: 'classified-stays-local', when: 'profile.classificationLevel >= 2', require: { tiers: ['local'], minClearance: 'classification' } },
];

export const edgeProviders: ProviderEntryInput[] = [
  simulatedProvider(
    'sim-cloud',
    'openai-compatible',
    [
      { name: 'cloud-small', price: { input: 0.01, output: 0.02 } },
      // An embedding model, so an edge key's refusal on /v1/embeddings is its scope's, not an unknown model's.
      { name: 'cloud-embed', price: { input: 0.01, output: 0 }, capabilities: { tools: false, vision: false, json: false, embeddings: true } },
    ],
    { jurisdiction: 'DE', operator: { name: 'Cloud GmbH', country: 'DE' } },
  ),
  simulatedProvider('sim-local', 'ollama', [{ name: 'local-small', price: { input: 0.03, output: 0.06 } }], {
    tier: 'local',
    jurisdiction: 'DE',
    operator: { name: 'Own data centre', country: 'DE' },
    clearance: 'CUI',
  }),
];

export interface EdgeTestGateway extends TestGateway {
  /** A publishable key (scope edge) of the default tenant. */
  edgeKey: string;
}

/** A gateway with the edge tier on, the tiny model as the device's, and an edge key made through the admin API. */
export async function startEdgeGateway(modelFile: string, edge: Record<string, unknown> = {}, keyOptions: Record<string, unknown> = {}): Promise<EdgeTestGateway> {
  const harness = await startTestGateway({
    providers: edgeProviders,
    logLevel: 'silent',
    config: {
      edge: { enabled: true, device: { jurisdiction: 'DE' }, models: [edgeModel(modelFile)], ...edge },
      tenants: { default: { labels: ['eu'], country: 'DE' } },
      policies: edgePolicies,
    },
  });
  const response = await fetch(`${harness.url}/admin/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${harness.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'default', name: 'web page', scopes: ['edge'], ...keyOptions }),
  });
  if (response.status !== 201) throw new Error(`edge key: ${response.status} ${await response.text()}`);
  const { secret } = (await response.json()) as { secret: string };
  return { ...harness, edgeKey: secret };
}
