import { evasionPolicies } from './evasion-fleet.ts';
import { simulatedProvider, startTestGateway, type TestGateway } from './start-test-gateway.ts';

/**
 * A small fleet across tiers, jurisdictions and clearances, all serving `chat`, one provider per dialect, so each
 * kind of datum has one right place under the default policies:
 * - nothing found: `cloud-sg` (cheapest, outside the EEA and the adequacy list);
 * - EU personal data: `cloud-ch` (Switzerland, adequacy; cheaper than `cloud-fr`);
 * - a SECRET marking: `local-secret` only (`local-cui` is cleared for CUI); a credential: refused with 403.
 */
export const sovereigntyFleet = [
  simulatedProvider('local-secret', 'openai-compatible', [{ name: 'chat', price: { input: 0.5, output: 0.5 } }], {
    tier: 'local', jurisdiction: 'DE', operator: { name: 'Own DC', country: 'DE' }, clearance: 'SECRET',
  }),
  simulatedProvider('local-cui', 'ollama', [{ name: 'chat', price: { input: 0.3, output: 0.3 } }], {
    tier: 'local', jurisdiction: 'DE', operator: { name: 'Office', country: 'DE' }, clearance: 'CUI',
  }),
  simulatedProvider('cloud-fr', 'anthropic', [{ name: 'chat', price: { input: 0.2, output: 0.2 } }], {
    jurisdiction: 'FR', operator: { name: 'FR cloud', country: 'FR' },
  }),
  simulatedProvider('cloud-ch', 'gemini', [{ name: 'chat', price: { input: 0.15, output: 0.15 } }], {
    jurisdiction: 'CH', operator: { name: 'CH cloud', country: 'CH' },
  }),
  simulatedProvider('cloud-sg', 'openai-compatible', [{ name: 'chat', price: { input: 0.01, output: 0.01 } }], {
    jurisdiction: 'SG', operator: { name: 'SG cloud', country: 'SG' },
  }),
];

/** Starts a gateway on the sovereignty fleet with the default policies and an EU default tenant in Germany. */
export function startSovereigntyGateway(): Promise<TestGateway> {
  return startTestGateway({
    providers: sovereigntyFleet,
    config: { policies: evasionPolicies, tenants: { default: { labels: ['eu'], country: 'DE' } }, routing: { maxFallbacks: 4 } },
  });
}
