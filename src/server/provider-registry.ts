import type { ProviderEntry } from '../core/catalog/catalog-schema.ts';
import { llamaLocalSchema } from '../core/catalog/catalog-schema.ts';
import type { AdapterName, AdapterSettings, AdapterTlsSettings, InProcessSettings, ProviderAdapter } from '../core/provider/adapter.ts';

/** Builds an adapter from its settings (it creates its own keep-alive pool for the provider's origin). */
export type AdapterFactory = (settings: AdapterSettings) => ProviderAdapter;

export interface RegistryOptions {
  factories: Record<AdapterName, AdapterFactory>;
  /** Base URLs of simulated providers, by provider id (filled in when the simulators start). */
  simulatedBaseUrls?: ReadonlyMap<string, string>;
  upstreamTimeoutMs: number;
  /** `server.upstreamIdleTimeoutMs`: the longest silence between two chunks of an answer, for every provider. */
  upstreamIdleTimeoutMs?: number;
  /** The TLS settings of a provider reached over `https` (groups offered, trusted authorities, connection report). */
  tlsSettings?(providerId: string): AdapterTlsSettings | undefined;
}

/** Creates one adapter per configured provider, each with its own keep-alive connection pool. */
export function createAdapters(providers: readonly ProviderEntry[], options: RegistryOptions): Map<string, ProviderAdapter> {
  const adapters = new Map<string, ProviderAdapter>();
  for (const provider of providers) {
    if (!provider.enabled) continue;
    const inProcess = inProcessSettings(provider);
    const baseUrl = options.simulatedBaseUrls?.get(provider.id) ?? provider.baseUrl;
    if (!baseUrl && !inProcess) throw new Error(`Provider ${provider.id} has no base URL`);
    const timeoutMs = provider.timeoutMs ?? options.upstreamTimeoutMs;
    const tls = options.tlsSettings?.(provider.id);
    const settings: AdapterSettings = {
      providerId: provider.id,
      baseUrl: baseUrl ?? '',
      headers: provider.headers,
      timeoutMs,
      ...(options.upstreamIdleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.upstreamIdleTimeoutMs }),
      ...(provider.apiKey ? { apiKey: provider.apiKey } : {}),
      ...(provider.azure ? { azure: provider.azure } : {}),
      ...(tls ? { tls } : {}),
      ...(inProcess ? { inProcess } : {}),
    };
    adapters.set(provider.id, options.factories[provider.adapter](settings));
  }
  return adapters;
}

/** The models an in-process provider runs (files resolved by the adapter), or undefined for a remote provider. */
function inProcessSettings(provider: ProviderEntry): InProcessSettings | undefined {
  if (provider.adapter !== 'llama-local') return undefined;
  const models = provider.models.map((model) => ({ name: model.upstreamName ?? model.name, file: model.file ?? '' }));
  return { models, llama: provider.llama ?? llamaLocalSchema.parse({}) };
}
