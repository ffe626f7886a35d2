import { getRequestListener } from '@hono/node-server';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { createBudgetGuard } from '../security/budget/create-budget-guard.ts';
import { chainKeyStores } from '../security/keys/chain-key-stores.ts';
import { createKeyService } from '../security/keys/key-service.ts';
import { createVirtualKeyStore } from '../security/keys/virtual-key-store.ts';
import { createMemoryRateLimiter } from '../security/rate-limit/memory-rate-limiter.ts';
import { createLedger } from '../store/ledger.ts';
import type { UsageQuery } from '../store/ledger-repository.ts';
import { createSpendJournal } from '../store/spend-journal.ts';
import { createAdminRoutes } from './admin/admin-routes.ts';
import type { ProviderEntry } from '../core/catalog/catalog-schema.ts';
import type { Simulator } from '../sim/simulator.ts';
import { createMemoryKeyStore, hashSecret, type KeyRecord } from '../security/key-store.ts';
import { createApp, createModelHandler, modelRoutes, type AppDependencies, type ModelHandlerDependencies } from './app.ts';
import { buildPipeline, type PipelineDependencies } from './build-pipeline.ts';
import type { Sovereignty } from './sovereignty.ts';
import type { ToolResultMemory } from '../mcp/tool-result-memory.ts';
import { serveModelRequest } from './http/serve-model-request.ts';
import { createCatalogIndex, type CatalogEntry } from './catalog-index.ts';
import type { GatewayConfig } from './config/config-schema.ts';
import { ConfigError, loadConfigFile, type LoadedConfig } from './config/load-config.ts';
import { resolveStoreUrls } from './config/store-urls.ts';
import { openGatewayStores } from './open-stores.ts';
import { resolveDefaultKey, type DefaultKey } from './default-key.ts';
import { adapterFactories, clientCodecs, embeddingsCodec, encodeModelList } from './dialects/registry.ts';
import { createLogger, type Logger } from './logger.ts';
import { createCircuitBreaker } from './reliability/circuit-breaker.ts';
import { createProviderLatency } from './reliability/latency-window.ts';
import { withReliability } from './reliability/with-reliability.ts';
import { createAdapters } from './provider-registry.ts';
import { createSovereignty } from './sovereignty.ts';
import { compileCascadeExpression } from '../core/cascade/cascade-checks.ts';
import { cache } from './stages/cache.ts';
import { createMemoryCacheStore } from '../cache/memory-cache-store.ts';
import { sealCacheStore } from '../cache/seal-cache-store.ts';
import { createGatewayMetrics } from './metrics/gateway-metrics.ts';
import { metricsApp } from './metrics/metrics-app.ts';
import { clusterWorkerMetrics } from './metrics/cluster-metrics.ts';
import { combineTelemetry } from './pipeline/request-telemetry.ts';
import { startTracing, type Tracing, type TracingOptions } from './tracing/start-tracing.ts';
import { createExplainer } from './explain-request.ts';
import { createAuditView } from './ui/audit-view.ts';
import { createGatewayMcp, type GatewayMcp } from '../mcp/gateway-mcp.ts';
import { createToolResultMemory } from '../mcp/tool-result-memory.ts';
import { createDecisionFeed } from './ui/decision-feed.ts';
import { createProviderHealth } from './ui/provider-health.ts';
import { createSessionStore } from './ui/session-store.ts';
import { createUiApp } from './ui/ui-app.ts';
import { createResponseStore } from './responses/response-store.ts';
import { sealResponseRepository } from './responses/seal-response-repository.ts';
import { loadStorageKeyring } from '../security/envelope/load-storage-keyring.ts';
import { unverifiedTransport } from '../core/transport/transport-security.ts';
import { postQuantumRuntime } from '../security/tls/post-quantum-runtime.ts';
import { loadListenerTls, type ListenerTls } from './tls/listener-tls.ts';
import { startListener } from './http/start-listener.ts';
import { createProviderTransports, type ProviderTransports } from './tls/provider-transports.ts';
import { createExtractionGuard } from '../security/extraction/extraction-guard.ts';
import { createKeyedHasher } from '../security/extraction/keyed-hash.ts';
import { loadOrCreateHashKey } from '../security/extraction/load-hash-key.ts';
import { extraction } from './stages/extraction.ts';
import { existsSync } from 'node:fs';
import { loadOrCreateSigningKey } from '../security/audit/signing-key.ts';
import { buildEdgePayload } from './edge/build-edge-payload.ts';
import { createEdgeBundleSigner } from './edge/edge-bundle-signer.ts';
import { createEdgeRoutes } from './edge/edge-routes.ts';

/**
 * Every service `startGateway` built, once: the union of what the model pipelines (`PipelineDependencies`), the
 * model handler (`ModelHandlerDependencies`), the Hono app (`AppDependencies`) and MCP (`GatewayMcpServices`) each
 * take. Each of those takes only its own part; the whole is kept for shutdown and for tests that read the stores.
 */
export interface GatewayServices extends PipelineDependencies, Omit<ModelHandlerDependencies, 'pipelines'>, AppDependencies {
  config: GatewayConfig;
  sovereignty: Sovereignty;
  embeddings: PipelineDependencies['embeddings'] & ModelHandlerDependencies['embeddings'];
  toolResultMemory?: ToolResultMemory;
}

export interface StartGatewayOptions {
  /** A configuration file path, or an already loaded configuration. */
  config: string | LoadedConfig;
  env?: Record<string, string | undefined>;
  /** State directory (default `SOVEREIGN_HOME` or `./.sovereign`). */
  home?: string;
  /** Overrides the configured host and port (port 0 = a free port). */
  host?: string;
  port?: number;
  logger?: Logger;
  /** Tracing beyond the environment's `OTEL_EXPORTER_OTLP_ENDPOINT` (tests: an in-memory span processor). */
  tracing?: TracingOptions;
  /** A worker of `serve --workers N`: `/metrics` serves the sum over every worker, asked of the primary. */
  clusterMetrics?: boolean;
}

export interface RunningGateway {
  url: string;
  port: number;
  config: GatewayConfig;
  services: GatewayServices;
  /** The simulators serving simulated providers, by provider id. */
  simulators: Map<string, Simulator>;
  defaultKey: DefaultKey;
  skippedProviders: LoadedConfig['skippedProviders'];
  /** What the listener serves, e.g. `TLS, post-quantum preferred (X25519MLKEM768 / X25519 / P-256 / P-384)` or `plain HTTP`. */
  listenerSummary: string;
  /** Sovereign's MCP server (its tools, shared by `/mcp` and `sovereign mcp` over stdio), when `mcp.enabled`. */
  mcp?: GatewayMcp;
  /** Stops accepting, lets in-flight requests drain up to `graceMs`, then closes everything. */
  shutdown(graceMs?: number): Promise<void>;
}

/** Base URL of a simulator for each provider dialect (the simulator serves all four on one port). */
function simulatorBaseUrl(simulator: Simulator, adapter: ProviderEntry['adapter']): string {
  switch (adapter) {
    case 'openai-compatible':
      return `${simulator.url}/v1`;
    case 'gemini':
      return `${simulator.url}/v1beta`;
    default:
      return simulator.url;
  }
}

/** Loads the configuration, starts simulated providers, builds every service and serves the app. */
export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const env = options.env ?? process.env;
  const loaded = typeof options.config === 'string' ? loadConfigFile(options.config, env) : options.config;
  const config = loaded.config;
  const home = resolve(options.home ?? env.SOVEREIGN_HOME ?? '.sovereign');
  const logger = options.logger ?? createLogger({ level: config.logging.level });

  const simulators = new Map<string, Simulator>();
  const simulatedBaseUrls = new Map<string, string>();
  const providers = config.providers.filter((provider) => provider.enabled);
  // The router reads each provider's live transport facts (post-quantum or not) once the simulators are up.
  let transports: ProviderTransports | undefined;
  const transportFacts = { of: (id: string) => transports?.of(id) ?? unverifiedTransport, get version() { return transports?.version ?? 0; } };
  // Policies and jurisdictions are compiled before anything starts, so a bad policy refuses start-up cleanly.
  const sovereignty = createSovereignty(config, providers, loaded.file, transportFacts);
  if (config.edge.enabled) {
    const missing = config.edge.models.flatMap((model, index) => (model.file && !existsSync(resolve(model.file)) ? [`edge.models[${index}].file: ${resolve(model.file)} does not exist`] : []));
    if (missing.length > 0) throw new ConfigError(loaded.file, missing);
  }
  // The listener's certificate and key are checked before anything opens: a missing file refuses start-up cleanly.
  let listenerTls: ListenerTls | undefined;
  try {
    listenerTls = config.server.tls ? loadListenerTls(config.server.tls, dirname(resolve(loaded.file)), postQuantumRuntime()) : undefined;
  } catch (error) {
    throw new ConfigError(loaded.file, [(error as Error).message]);
  }
  const localStats = sovereignty.stats;
  // The stores next, before anything listens: a database that cannot be reached refuses start-up cleanly.
  const onError = (what: string) => (error: unknown) => logger.error({ err: error }, what);
  const storeUrls = resolveStoreUrls(config, env, loaded.file);
  const stores = await openGatewayStores({ config, home, ...(storeUrls.postgres ? { postgresUrl: storeUrls.postgres } : {}), onError });
  for (const provider of providers) {
    if (!provider.simulated) continue;
    // Optional parts load only when the configuration uses them (start-up time and memory: `npm run bench -- startup`).
    const { startSimulator } = await import('../sim/simulator.ts');
    const simulator = await startSimulator({
      models: provider.models.map((model) => ({ name: model.upstreamName ?? model.name, ...provider.simulated })),
      defaultModel: provider.simulated,
      // Each simulated provider applies its real prompt-caching rules, so usage and cost are faithful.
      promptCaching: true,
    });
    simulators.set(provider.id, simulator);
    simulatedBaseUrls.set(provider.id, simulatorBaseUrl(simulator, provider.adapter));
  }

  try {
    transports = createProviderTransports({
      providers,
      baseUrlOf: (provider) => simulatedBaseUrls.get(provider.id) ?? provider.baseUrl,
      runtime: postQuantumRuntime(),
      baseDirectory: dirname(resolve(loaded.file)),
    });
  } catch (error) {
    await Promise.all([...simulators.values()].map((simulator) => simulator.close()));
    await stores.auditLog.close();
    await stores.decisions.close();
    await stores.close();
    throw new ConfigError(loaded.file, [(error as Error).message]);
  }
  const adapters = createAdapters(providers, {
    factories: adapterFactories,
    simulatedBaseUrls,
    upstreamTimeoutMs: config.server.upstreamTimeoutMs,
    upstreamIdleTimeoutMs: config.server.upstreamIdleTimeoutMs,
    tlsSettings: (providerId) => transports?.tlsSettings(providerId),
  });
  // In-process providers load their models now, so a missing package or model file refuses start-up clearly.
  try {
    await Promise.all([...adapters.values()].map((adapter) => adapter.open?.()));
  } catch (error) {
    await Promise.all([...adapters.values()].map((adapter) => adapter.close?.()));
    await Promise.all([...simulators.values()].map((simulator) => simulator.close()));
    await stores.auditLog.close();
    await stores.decisions.close();
    await stores.close();
    throw new ConfigError(loaded.file, [(error as Error).message]);
  }
  const defaultKey = resolveDefaultKey(home, env.SOVEREIGN_API_KEY);
  // The storage keyring of the envelopes that seal stored responses and cached answers: a 0600 file in the home, or
  // the environment. Cached answers are sealed when they leave this process (Redis), or always if configured.
  const sealCache = config.cache.enabled && (config.cache.seal === 'always' || (config.cache.seal === 'shared' && storeUrls.redis !== undefined));
  const storageKeysFile = join(home, 'storage-keys.json');
  const reloadStorageKeyring = () => loadStorageKeyring(storageKeysFile, env);
  const storageKeyring = config.responses.seal || sealCache ? reloadStorageKeyring() : undefined;
  const keyRecords: KeyRecord[] = [defaultKey.record];
  config.keys.forEach((key, index) => {
    if (key.key === '') return;
    keyRecords.push({
      hash: hashSecret(key.key),
      principal: { tenant: key.tenant, keyId: `key_config_${index}`, scopes: ['*'], clearance: 'UNCLASSIFIED', labels: [], ...(key.name ? { keyName: key.name } : {}) },
    });
  });

  const virtualKeys = await createVirtualKeyStore({ repository: stores.keys, onError: onError('key store refresh failed') });
  const refreshKeys = () => {
    virtualKeys.refresh().catch(onError('key store refresh failed'));
  };
  stores.watchKeyChanges(refreshKeys);
  // Shared state in Redis: the exact cache, circuit breakers, live statistics, key-change notices. Commands fail at
  // once while Redis is away, and each of these falls back to this process's own state (fails open). The module is
  // loaded only when configured, so the embedded default never loads the Redis client.
  const localHealth = createCircuitBreaker(config.routing.circuitBreaker);
  const redis = storeUrls.redis
    ? (await import('./open-redis-state.ts')).openRedisState({
        url: storeUrls.redis,
        localHealth,
        localStats,
        coolDownMs: config.routing.circuitBreaker.coolDownMs,
        commandTimeoutMs: config.store.redis.commandTimeoutMs,
        onError,
      })
    : undefined;
  if (redis) sovereignty.stats = redis.stats;
  const health = redis?.health ?? localHealth;
  redis?.onKeyChange(refreshKeys);
  const keyService = createKeyService({
    repository: stores.keys,
    onChange: async (key) => {
      await virtualKeys.apply(key);
      redis?.announceKeyChange(key.id);
    },
  });
  const keys = chainKeyStores(createMemoryKeyStore(keyRecords), virtualKeys);
  const journal = createSpendJournal(stores.spend, { onError: onError('spend journal write failed') });
  // Holds a crash left open were requests in flight: booked at their worst case before anything is admitted. With
  // Redis, other instances may share the database and have requests in flight: only the holds of instances whose
  // liveness expired are booked, by the periodic reaper (open-redis-state.ts), never another live instance's.
  const recovery = await journal.recover(Date.now() - 60_000, redis ? () => false : undefined);
  if (recovery.settled > 0) logger.warn({ holds: recovery.settled }, 'requests in flight when the gateway last stopped were booked at their worst case');
  const tenantBudgets = (tenant: string) => config.tenants[tenant]?.budgets;
  // With Redis, budgets are counted once for every instance; this process's own guard is the outage allowance.
  const localBudgets = createBudgetGuard({ journal, tenantBudgets });
  const budgets = redis ? redis.budgetGuard(journal, localBudgets, config.store.redis.limitsOnOutage, tenantBudgets) : localBudgets;
  // With Redis, limits are counted once for every instance; this process's own limiter is the outage allowance.
  const localRateLimiter = createMemoryRateLimiter({ journal, history: recovery.rateHolds });
  const rateLimiter = redis ? redis.rateLimiter(journal, localRateLimiter, config.store.redis.limitsOnOutage) : localRateLimiter;
  const ledger = createLedger(stores.ledger);
  const auditLog = stores.auditLog;

  const cacheSettings = config.cache;
  const semantic = cacheSettings.semantic.enabled
    ? (await import('../cache/semantic/semantic-cache.ts')).createSemanticCache({
        embedder: (await import('../cache/embedders/create-embedder.ts')).createEmbedder(cacheSettings.semantic.embedder, { cacheDirectory: join(home, 'cache') }),
        ...(cacheSettings.semantic.threshold === undefined ? {} : { threshold: cacheSettings.semantic.threshold }),
      })
    : undefined;
  // Sealed cache entries refused (altered, moved, in clear, unknown key), by reason: for the metrics.
  const cacheRefusals = new Map<string, number>();
  const cacheStore = cacheSettings.enabled
    ? (redis?.cacheStore ?? createMemoryCacheStore({ maxEntriesPerNamespace: cacheSettings.maxEntriesPerTenant, maxBytesPerNamespace: cacheSettings.maxBytesPerTenant }))
    : undefined;
  const cacheStage = cacheStore
    ? cache({
        store:
          sealCache && storageKeyring
            ? sealCacheStore(cacheStore, storageKeyring, {
                reload: reloadStorageKeyring,
                onRefused: (refusal) => {
                  logger.warn({ tenant: refusal.namespace, reason: refusal.reason, detail: refusal.detail }, 'cached answer refused (served as a miss)');
                  cacheRefusals.set(refusal.reason, (cacheRefusals.get(refusal.reason) ?? 0) + 1);
                },
              })
            : cacheStore,
        ttlSeconds: cacheSettings.ttlSeconds,
        cacheSampled: cacheSettings.cacheSampled,
        ...(semantic ? { semantic } : {}),
        forbidden: (context) => context.policy?.actions.has('no-cache') ?? false,
        onError: onError('cache failed'),
      })
    : undefined;

  const extractionSettings = config.extraction;
  const extractionHasher = extractionSettings.enabled ? createKeyedHasher(loadOrCreateHashKey(home)) : undefined;
  const extractionGuard = extractionHasher
    ? createExtractionGuard({
        settings: extractionSettings,
        hasher: extractionHasher,
        record: (entry) => auditLog.record(entry),
        onChange: (change) => logger.warn({ extractionCase: change.case.id, from: change.from, to: change.to, score: change.case.score }, 'extraction guard action changed'),
        onError: onError('extraction detector failed'),
        // Cases are kept in the gateway's database (and shared by every instance on Postgres): a restart lifts nothing.
        cases: { repository: stores.extractionCases, instance: `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}` },
      })
    : undefined;
  await extractionGuard?.open();

  let accept;
  try {
    accept = config.cascade.accept ? compileCascadeExpression(config.cascade.accept) : undefined;
  } catch (error) {
    throw new ConfigError(loaded.file, [`cascade.accept: ${(error as Error).message}`]);
  }

  const decisions = stores.decisions;
  const state = { ready: false, draining: false, inflight: 0 };
  const metrics = config.metrics.enabled
    ? createGatewayMetrics({ health, providerIds: providers.map((provider) => provider.id), auditLog, ledger, state, processMetrics: config.metrics.processMetrics, ...(extractionGuard ? { extraction: extractionGuard } : {}), ...(sealCache ? { cacheRefusals } : {}) })
    : undefined;
  let tracing: Tracing | undefined;
  try {
    tracing = await startTracing(env, options.tracing);
  } catch (error) {
    logger.error({ err: error }, 'tracing could not start; continuing without it');
  }
  if (tracing) logger.info({ destination: tracing.destination }, 'tracing on');
  const dashboard = config.dashboard.enabled
    ? { feed: createDecisionFeed(), providers: createProviderHealth({ health, providerIds: providers.map((provider) => provider.id) }) }
    : undefined;
  const telemetry = combineTelemetry([metrics?.telemetry, tracing?.telemetry, dashboard?.feed.telemetry, dashboard?.providers.telemetry]);
  // Every call to a provider goes through its wrapped adapter (circuit breaker, telemetry, statistics, held until
  // its first content), composed once here: dispatch, hedges, continuations and cascade escalations alike.
  const latency = createProviderLatency();
  const entries: CatalogEntry[] = [];
  for (const provider of providers) {
    const raw = adapters.get(provider.id);
    if (!raw) continue;
    const adapter = withReliability(raw, { breaker: health, stats: sovereignty.stats, latency });
    for (const model of provider.models) entries.push({ provider, model, adapter });
  }
  const catalog = createCatalogIndex(entries);
  const adminDependencies = { keys: keyService, keyStore: keys, usage: (query: UsageQuery) => ledger.usage(query), budgets, bodyLimitBytes: config.server.bodyLimitBytes, ...(extractionGuard ? { extraction: extractionGuard } : {}) };
  let edge;
  if (config.edge.enabled) {
    // Bundles are signed with the audit log's ML-DSA-65 key: one gateway identity for checkpoints and bundles.
    const signer = createEdgeBundleSigner(loadOrCreateSigningKey(home), (principal, now) => buildEdgePayload(config, sovereignty, principal, now));
    edge = createEdgeRoutes({ config, keys, rateLimiter, ledger, signer, codec: clientCodecs.openai, logger });
  }

  const auditView = createAuditView(auditLog);
  const services: GatewayServices = {
    config,
    sovereignty,
    cascade: { checks: config.cascade.checks, ...(accept ? { accept } : {}) },
    ...(cacheStage ? { cache: cacheStage } : {}),
    ...(extractionGuard && extractionHasher ? { extraction: extraction({ guard: extractionGuard, hasher: extractionHasher, settings: extractionSettings }) } : {}),
    catalog,
    keys,
    auditLog,
    budgets,
    ledger,
    ...(config.mcp.enabled && config.mcp.resultMemory.ttlSeconds > 0
      ? { toolResultMemory: createToolResultMemory({ ttlMs: config.mcp.resultMemory.ttlSeconds * 1000, scope: config.mcp.resultMemory.scope }) }
      : {}),
    responses: createResponseStore({
      repository: storageKeyring && config.responses.seal ? sealResponseRepository(stores.responses, storageKeyring, reloadStorageKeyring) : stores.responses,
      ttlSeconds: config.responses.ttlSeconds,
      maxChainLength: config.responses.maxChainLength,
      onError: onError('stored response sweep failed'),
    }),
    rateLimiter,
    ...(edge ? { edge } : {}),
    admin: createAdminRoutes(adminDependencies),
    decisions,
    stores: {
      backend: stores.backend,
      location: stores.location,
      ...(redis ? { redis: redis.location } : {}),
      status: () => ({ ...stores.status(), ...(redis ? { redis: redis.status() } : {}) }),
    },
    health,
    latency,
    logger,
    codecs: clientCodecs,
    embeddings: embeddingsCodec,
    encodeModelList,
    ...(telemetry ? { telemetry } : {}),
    extraRoutes: [
      ...(metrics ? [{ path: '/metrics', app: metricsApp({ metrics: options.clusterMetrics ? clusterWorkerMetrics(metrics) : metrics, keys, token: config.metrics.token }) }] : []),
      ...(dashboard
        ? [
            {
              path: '/ui',
              app: createUiApp({
                keys,
                sessions: createSessionStore({ ttlMs: config.dashboard.sessionTtlSeconds * 1000 }),
                sessionTtlSeconds: config.dashboard.sessionTtlSeconds,
                views: stores.ledgerViews,
                decisions,
                feed: dashboard.feed,
                providers: dashboard.providers,
                audit: auditView,
                explain: createExplainer({ config, sovereignty, catalog, health }),
                admin: adminDependencies,
                bodyLimitBytes: config.server.bodyLimitBytes,
              }),
            },
          ]
        : []),
    ],
    state,
    transports,
  };
  // The model endpoints' POSTs are served straight on node:http (the hot path); every other route by the Hono app.
  const handleModel = createModelHandler({ ...services, pipelines: buildPipeline(services) });
  const host = options.host ?? config.server.host;
  // MCP at /mcp: its chat tool runs the model pipeline above as the caller.
  const mcp = config.mcp.enabled ? await createGatewayMcp(services, { handleModel, audit: auditView, bindHost: host, home }) : undefined;
  if (mcp) services.mcp = mcp.app;
  const handleOther = getRequestListener(createApp(services).fetch);
  const requestedPort = options.port ?? config.server.port;
  const listener = await startListener({
    host,
    port: requestedPort,
    maxHeaderSize: config.server.maxHeaderBytes,
    keepAliveTimeout: 65_000,
    ...(listenerTls ? { tls: listenerTls, reloadCheckMs: config.server.tls?.reloadCheckMs } : {}),
    onReload: () => logger.info({ certFile: listenerTls?.certPath }, 'TLS certificate and key loaded again'),
    onReloadError: (error) => logger.error({ reason: error.message }, 'TLS certificate or key changed but cannot be loaded; the previous pair stays in use'),
    handler: (request, response) => {
      if (request.method === 'POST') {
        const url = request.url ?? '/';
        const query = url.indexOf('?');
        const modelRoute = modelRoutes.get(query < 0 ? url : url.slice(0, query));
        if (modelRoute) {
          void serveModelRequest(request, response, modelRoute, handleModel, listener.transportOf);
          return;
        }
      }
      void handleOther(request, response);
    },
  });
  const port = listener.port;
  services.state.ready = true;
  // Providers over TLS are verified in the background (a request that requires post-quantum transport waits for it).
  void transports.verifyPending();
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let shuttingDown: Promise<void> | undefined;
  const shutdown = (graceMs = config.server.shutdownGraceMs) => {
    shuttingDown ??= (async () => {
      services.state.draining = true;
      await mcp?.close();
      const closed = listener.close();
      const deadline = Date.now() + graceMs;
      while (services.state.inflight > 0 && Date.now() < deadline) await new Promise((wait) => setTimeout(wait, 20));
      listener.closeAllConnections();
      await closed;
      await extractionGuard?.close();
      await Promise.all([...adapters.values()].map((adapter) => adapter.close?.()));
      await Promise.all([...simulators.values()].map((simulator) => simulator.close()));
      await ledger.close();
      await budgets.close();
      await journal.close();
      await auditLog.close();
      await stores.decisions.close();
      await tracing?.shutdown().catch((error: unknown) => logger.error({ err: error }, 'tracing shutdown failed'));
      virtualKeys.close();
      await stores.close();
      await redis?.close();
    })();
    return shuttingDown;
  };

  return {
    url: `${listener.scheme}://${urlHost}:${port}`,
    port,
    config,
    services,
    simulators,
    defaultKey,
    skippedProviders: loaded.skippedProviders,
    listenerSummary: listenerTls?.summary ?? 'plain HTTP (server.tls serves HTTPS)',
    ...(mcp ? { mcp } : {}),
    shutdown,
  };
}
