import type { McpHttpHandler } from '@modelcontextprotocol/server';
import type { Hono } from 'hono';
import type { GatewayServices } from '../server/app.ts';
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

/** Sovereign's MCP surface of one gateway: the tool providers (shared by `/mcp` and stdio) and the `/mcp` routes. */
export interface GatewayMcp {
  providers: readonly McpToolProvider[];
  /** The `/mcp` routes, mounted by the app. */
  app: Hono;
  handler: McpHttpHandler;
}

/**
 * Builds the MCP server of a running gateway: Sovereign's own tools (`chat` through the model pipeline as the
 * caller, `explain_route` over the same sovereignty stages with a throwaway decision store, `list_models`, `usage`
 * from the ledger, `audit_verify` for admins) behind `/mcp`, answering to the bind host and `mcp.allowedHosts`.
 */
export function createGatewayMcp(
  services: GatewayServices,
  dependencies: { handleModel: ModelHandler; audit: Pick<AuditView, 'verify'>; bindHost: string },
): GatewayMcp {
  const { config } = services;
  const builtin = builtinToolProvider([
    chatTool(dependencies.handleModel),
    explainRouteTool(createExplainer({ config, sovereignty: services.sovereignty, catalog: services.catalog, health: services.health })),
    listModelsTool(services.catalog),
    usageTool((query) => services.ledger.usage(query)),
    auditVerifyTool(() => dependencies.audit.verify()),
  ]);
  const providers = [builtin];
  const { app, handler } = createMcpEndpoint({
    keys: services.keys,
    providers,
    logger: services.logger,
    bodyLimitBytes: config.server.bodyLimitBytes,
    allowedHosts: allowedHostNames(dependencies.bindHost, config.mcp.allowedHosts),
    allowedOrigins: config.mcp.allowedOrigins,
  });
  return { providers, app, handler };
}
