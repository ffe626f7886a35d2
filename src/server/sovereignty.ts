import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ProviderEntry } from '../core/catalog/catalog-schema.ts';
import { GatewayError } from '../core/errors/gateway-error.ts';
import { createJurisdictions, mergeGroupFiles, type Jurisdictions, type JurisdictionsFile } from '../core/jurisdictions/index.ts';
import { compilePolicies, mergePolicySets, type CompiledPolicySet, type PolicyInput } from '../core/policy/index.ts';
import { createProviderStats, createRouter, type ProviderStats, type Router, type TransportFactsSource } from '../core/router/index.ts';
import { createCapabilityIdGenerator } from '../core/ids.ts';
import type { GatewayConfig } from './config/config-schema.ts';
import { ConfigError } from './config/load-config.ts';

/** The reference data shipped in `data/`, each file with its source and the date it was checked. */
const dataDirectory = new URL('../../data/', import.meta.url);

function readData(name: string): unknown {
  return JSON.parse(readFileSync(fileURLToPath(new URL(name, dataDirectory)), 'utf8')) as unknown;
}

export interface Sovereignty {
  jurisdictions: Jurisdictions;
  /** The jurisdiction catalogue the gateway compiled (shipped as is in the browser SDK's signed bundle). */
  jurisdictionData: JurisdictionsFile;
  router: Router;
  stats: ProviderStats;
  /** The global policies plus the tenant's own, compiled once per tenant at start-up. */
  policiesFor(tenant: string): CompiledPolicySet;
}

/**
 * Builds everything the sovereignty stages need, once: jurisdictions (ISO countries, EU/EEA/adequacy, export
 * groups, user groups), compiled policies (global and per tenant) and the router's candidate index (with the live
 * transport facts of the providers, when given, for `postQuantumTransport`). Any problem
 * is a `ConfigError` naming the file, the policy and the reason, so a bad policy refuses start-up.
 */
export function createSovereignty(
  config: GatewayConfig,
  providers: readonly ProviderEntry[],
  file: string,
  transport?: TransportFactsSource,
): Sovereignty {
  let jurisdictions: Jurisdictions;
  let jurisdictionData: JurisdictionsFile;
  try {
    jurisdictionData = mergeGroupFiles(readData('jurisdictions.json') as never, readData('export-control.json'));
    jurisdictions = createJurisdictions(jurisdictionData, config.jurisdictions.groups);
  } catch (error) {
    throw new ConfigError(file, [`jurisdictions.groups: ${(error as Error).message}`]);
  }
  const expandJurisdiction = (nameOrCode: string) => jurisdictions.expand(nameOrCode);
  const compile = (policies: unknown[], path: string): CompiledPolicySet => {
    try {
      return compilePolicies(policies as PolicyInput[], { expandJurisdiction }, `${file} ${path}`);
    } catch (error) {
      if (GatewayError.isInstance(error)) throw new ConfigError(file, [`${path}: ${error.message}`]);
      throw error;
    }
  };
  const global = compile(config.policies, 'policies');
  const perTenant = new Map<string, CompiledPolicySet>();
  for (const [tenant, settings] of Object.entries(config.tenants)) {
    if (settings.policies.length === 0) continue;
    try {
      perTenant.set(tenant, mergePolicySets(global, compile(settings.policies, `tenants.${tenant}.policies`)));
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw new ConfigError(file, [`tenants.${tenant}.policies: ${(error as Error).message}`]);
    }
  }
  const stats = createProviderStats();
  const router = createRouter(
    { providers },
    {
      expandJurisdiction,
      stats,
      defaultStrategy: config.routing.defaultStrategy === 'cascade' ? 'cheapest' : config.routing.defaultStrategy,
      weights: config.routing.weights,
      createId: createCapabilityIdGenerator('dec'),
      ...(transport ? { transport } : {}),
    },
  );
  return { jurisdictions, jurisdictionData, router, stats, policiesFor: (tenant) => perTenant.get(tenant) ?? global };
}
