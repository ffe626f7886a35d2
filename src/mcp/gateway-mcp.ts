import type { McpHttpHandler } from '@modelcontextprotocol/server';
import type { Hono } from 'hono';
import { join } from 'node:path';
import { compilePolicies, type PolicyInput } from '../core/policy/index.ts';
import { GatewayError } from '../core/errors/gateway-error.ts';
import type { KeyStore } from '../security/key-store.ts';
import type { AuditLog } from '../security/audit/audit-log.ts';
import type { BudgetGuard } from '../security/budget/budget-guard.ts';
import type { RateLimiter } from '../security/rate-limit/rate-limiter.ts';
import type { Ledger } from '../store/ledger.ts';
import type { Logger } from '../server/logger.ts';
import type { ExplainerOptions } from '../server/explain-request.ts';
import type { ToolResultMemory } from './tool-result-memory.ts';
import { ConfigError } from '../server/config/load-config.ts';
import { createExplainer } from '../server/explain-request.ts';
import type { AuditView } from '../server/ui/audit-view.ts';
import { createMcpEndpoint } from './mcp-endpoint.ts';
import { builtinToolProvider, type McpToolProvider } from './mcp-tool-provider.ts';
import { allowedHostNames } from './request-origin-guard.ts';
import { auditVerifyTool } from './tools/audit-verify-tool.ts';
import { chatTool, type ModelHandler } from './tools/chat-tool.ts';
import { explainRouteTool } from './tools/explain-route-tool.ts';
import { listModelsTool } from './tools/list-models-tool.ts';
import { usageTool } from './tools/usage-tool.ts';
import { governedToolProvider } from './upstream/governed-tool-provider.ts';
import { openToolPinStore } from './upstream/tool-pins.ts';
import type { UpstreamClient } from './upstream/upstream-client.ts';

/** Sovereign's MCP surface of one gateway: the tool providers (shared by `/mcp` and stdio) and the `/mcp` routes. */
export interface GatewayMcp {
  providers: readonly McpToolProvider[];
  /** The `/mcp` routes, mounted by the app. */
  app: Hono;
  handler: McpHttpHandler;
  /** Stops serving and closes the upstream servers (stdio children exit). */
  close(): Promise<void>;
}

/**
 * What the MCP server takes from the gateway's services: the dry run's (`explain_route`), the catalog, and what a
 * governed tool call is held to and accounted with (policies, rate limits, budgets, ledger, audit log, keys).
 */
export interface GatewayMcpServices extends Required<Pick<ExplainerOptions, 'config' | 'sovereignty' | 'catalog' | 'health'>> {
  keys: KeyStore;
  auditLog: AuditLog;
  rateLimiter: RateLimiter;
  budgets: BudgetGuard;
  ledger: Ledger;
  logger: Logger;
  toolResultMemory?: ToolResultMemory;
}

/** The file of approved upstream tool definitions in the gateway's home (`sovereign mcp approve` writes it). */
export function toolPinFile(home: string): string {
  return join(home, 'mcp-tool-pins.json');
}

/**
 * Builds the MCP server of a running gateway: Sovereign's own tools (`chat` through the model pipeline as the
 * caller, `explain_route` over the same sovereignty stages with a throwaway decision store, `list_models`, `usage`
 * from the ledger, `audit_verify` for admins) and the governed upstream servers' tools (`<server>__<tool>`), behind
 * `/mcp`, answering to the bind host and `mcp.allowedHosts`.
 */
export async function createGatewayMcp(
  services: GatewayMcpServices,
  dependencies: { handleModel: ModelHandler; audit: Pick<AuditView, 'verify'>; bindHost: string; home: string; file?: string },
): Promise<GatewayMcp> {
  const { config } = services;
  const builtin = builtinToolProvider([
    chatTool(dependencies.handleModel),
    explainRouteTool(
      createExplainer({
        config,
        sovereignty: services.sovereignty,
        catalog: services.catalog,
        health: services.health,
        ...(services.toolResultMemory ? { toolResultMemory: services.toolResultMemory } : {}),
      }),
    ),
    listModelsTool(services.catalog),
    usageTool((query) => services.ledger.usage(query)),
    auditVerifyTool(() => dependencies.audit.verify()),
  ]);
  const upstreams = new Map<string, UpstreamClient>();
  const enabledServers = config.mcp.servers.filter((server) => server.enabled);
  if (enabledServers.length > 0) {
    // The MCP client SDK (with its own JSON Schema validator) is loaded only when an upstream server is configured.
    const { createUpstreamClient } = await import('./upstream/upstream-client.ts');
    for (const server of enabledServers) upstreams.set(server.id, createUpstreamClient(server, config.mcp.toolListTtlSeconds * 1000));
  }
  const file = dependencies.file ?? 'configuration';
  const governed = governedToolProvider({
    config,
    upstreams,
    pins: openToolPinStore(toolPinFile(dependencies.home)),
    policiesFor: services.sovereignty.policiesFor,
    compile(policies, path) {
      try {
        return compilePolicies(policies as PolicyInput[], { expandJurisdiction: (name) => services.sovereignty.jurisdictions.expand(name) }, `${file} ${path}`);
      } catch (error) {
        if (GatewayError.isInstance(error)) throw new ConfigError(file, [`${path}: ${error.message}`]);
        throw error;
      }
    },
    auditLog: services.auditLog,
    rateLimiter: services.rateLimiter,
    budgets: services.budgets,
    ledger: services.ledger,
    ...(services.toolResultMemory ? { memory: services.toolResultMemory } : {}),
    logger: services.logger,
    maxJsonDepth: config.server.maxJsonDepth,
  });
  const providers = [builtin, governed];
  const { app, handler } = createMcpEndpoint({
    keys: services.keys,
    providers,
    logger: services.logger,
    bodyLimitBytes: config.server.bodyLimitBytes,
    allowedHosts: allowedHostNames(dependencies.bindHost, config.mcp.allowedHosts),
    allowedOrigins: config.mcp.allowedOrigins,
  });
  return {
    providers,
    app,
    handler,
    async close() {
      await handler.close();
      await Promise.all([...upstreams.values()].map((upstream) => upstream.close().catch(() => undefined)));
    },
  };
}
