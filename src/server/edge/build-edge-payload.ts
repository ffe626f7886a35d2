import type { ModelEntry, ProviderEntry } from '../../core/catalog/catalog-schema.ts';
import type { Principal } from '../../core/principal.ts';
import type { RoutableProvider } from '../../core/router/index.ts';
import { edgeBundleFormat, type EdgeBundlePayload } from '../../edge/edge-bundle.ts';
import type { GatewayConfig } from '../config/config-schema.ts';
import type { Sovereignty } from '../sovereignty.ts';

/** Where the device's files are served on the gateway's own origin. */
export const edgeWasmPath = '/sdk/wllama/wllama.wasm';
export const edgeModelPath = (name: string): string => `/sdk/models/${encodeURIComponent(name)}.gguf`;

/**
 * The bundle for one edge key: the tenant's policies (global and its own, as configured), the jurisdiction
 * catalogue, the routing settings and the gateway's providers with their facts and models only (no endpoint, no
 * credential, no file path), plus the user's device as an edge-tier provider serving `edge.models`. The device is
 * left out when its jurisdiction is unknown (neither `edge.device.jurisdiction` nor the tenant's country).
 */
export function buildEdgePayload(
  config: GatewayConfig,
  sovereignty: Pick<Sovereignty, 'jurisdictionData'>,
  principal: Principal,
  now: number,
): EdgeBundlePayload {
  const tenant = config.tenants[principal.tenant];
  const country = principal.country ?? tenant?.country;
  const providers: RoutableProvider[] = config.providers.filter((provider) => provider.enabled).map(routableOf);
  const edge = config.edge;
  const deviceCountry = edge.device.jurisdiction ?? tenant?.country;
  const deviceModels = edge.models.map(publicModel);
  const withDevice = deviceCountry !== undefined && deviceModels.length > 0;
  if (withDevice) {
    providers.push({
      id: edge.device.providerId,
      tier: 'edge',
      jurisdiction: deviceCountry,
      operator: { name: "The user's own device", country: deviceCountry },
      clearance: edge.device.clearance,
      retention: 'none',
      trainsOnData: false,
      certifications: [],
      enabled: true,
      models: deviceModels,
    });
  }
  const defaults = tenant?.defaults ?? {};
  return {
    format: edgeBundleFormat,
    tenant: principal.tenant,
    issuedAt: now,
    expiresAt: now + edge.bundleTtlSeconds * 1000,
    principal: {
      tenant: principal.tenant,
      keyId: principal.keyId,
      scopes: [...principal.scopes],
      clearance: principal.clearance,
      ...(country ? { country } : {}),
      labels: [...new Set([...principal.labels, ...(tenant?.labels ?? [])])],
    },
    defaults: {
      ...(defaults.classification ? { classification: defaults.classification } : {}),
      ...(defaults.residency ? { residency: defaults.residency } : {}),
      ...(defaults.strategy ? { strategy: defaults.strategy } : {}),
    },
    routing: { defaultStrategy: config.routing.defaultStrategy, weights: config.routing.weights, qualityFloor: config.routing.qualityFloor },
    policies: config.policies,
    tenantPolicies: tenant?.policies ?? [],
    jurisdictions: { data: sovereignty.jurisdictionData, groups: config.jurisdictions.groups },
    providers,
    ...(withDevice
      ? { device: { providerId: edge.device.providerId, wasmUrl: edgeWasmPath, models: edge.models.map((model) => ({ name: model.name, url: edgeModelPath(model.name) })) } }
      : {}),
    reportUsage: edge.reportUsage,
  };
}

function routableOf(provider: ProviderEntry): RoutableProvider {
  return {
    id: provider.id,
    tier: provider.tier,
    jurisdiction: provider.jurisdiction,
    operator: provider.operator,
    clearance: provider.clearance,
    retention: provider.retention,
    trainsOnData: provider.trainsOnData,
    certifications: provider.certifications,
    enabled: provider.enabled,
    models: provider.models.map(publicModel),
  };
}

/** A model as the page may see it: no file path on the gateway's disk. */
function publicModel(model: ModelEntry): ModelEntry {
  const { file: _file, ...rest } = model;
  return rest;
}
