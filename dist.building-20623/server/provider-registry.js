import { llamaLocalSchema } from "../core/catalog/catalog-schema.js";
/** Creates one adapter per configured provider, each with its own keep-alive connection pool. */
export function createAdapters(providers, options) {
    const adapters = new Map();
    for (const provider of providers) {
        if (!provider.enabled)
            continue;
        const inProcess = inProcessSettings(provider);
        const baseUrl = options.simulatedBaseUrls?.get(provider.id) ?? provider.baseUrl;
        if (!baseUrl && !inProcess)
            throw new Error(`Provider ${provider.id} has no base URL`);
        const timeoutMs = provider.timeoutMs ?? options.upstreamTimeoutMs;
        const tls = options.tlsSettings?.(provider.id);
        const settings = {
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
function inProcessSettings(provider) {
    if (provider.adapter !== 'llama-local')
        return undefined;
    const models = provider.models.map((model) => ({ name: model.upstreamName ?? model.name, file: model.file ?? '' }));
    return { models, llama: provider.llama ?? llamaLocalSchema.parse({}) };
}
//# sourceMappingURL=provider-registry.js.map