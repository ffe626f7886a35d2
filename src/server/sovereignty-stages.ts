import type { Authenticated, Enforced, HeaderReader, Ingressed, Profiled, Routed } from './pipeline/context.ts';
import type { Stage } from './pipeline/stage.ts';
import type { CatalogIndex } from './catalog-index.ts';
import type { GatewayConfig } from './config/config-schema.ts';
import type { DecisionStore } from './decision-store.ts';
import type { CircuitBreaker } from './reliability/circuit-breaker.ts';
import type { Sovereignty } from './sovereignty.ts';
import type { Principal } from '../core/principal.ts';
import { conversationOf, type ToolResultMemory } from '../mcp/tool-result-memory.ts';
import { enforce } from './stages/enforce.ts';
import { profile } from './stages/profile.ts';
import { route } from './stages/route.ts';

/** The three stages that decide where a request may go: profile, enforce (policies) and route. */
export interface SovereigntyStages {
  profile: Stage<Ingressed, Profiled>;
  enforce: Stage<Authenticated & Profiled, Enforced>;
  route: Stage<Authenticated & Enforced, Routed>;
}

/** What the profile, enforce and route stages are built from. */
export interface SovereigntyDependencies {
  /** Tenant defaults, labels, country and strategy; `server.maxJsonDepth`; the routing defaults. */
  config: Pick<GatewayConfig, 'tenants' | 'server' | 'routing'>;
  catalog: CatalogIndex;
  /** The compiled policies per tenant and the router. */
  sovereignty: Pick<Sovereignty, 'policiesFor' | 'router'>;
  /** The providers' circuits, which route reads. */
  health: CircuitBreaker;
  /** Classified MCP tool results remembered per caller, which the profile stage holds later requests to. */
  toolResultMemory?: ToolResultMemory;
}

/**
 * Builds the profile, enforce and route stages from the gateway's services, once: the model pipelines and the MCP
 * `explain_route` dry run decide with the same settings (tenant defaults, labels, country, strategies, live
 * circuit state). `decisions` is where route keeps what it decided (a dry run passes a throwaway store).
 */
export function createSovereigntyStages(dependencies: SovereigntyDependencies, decisions: DecisionStore): SovereigntyStages {
  const { config } = dependencies;
  const tenant = (name: string) => config.tenants[name];
  const memory = dependencies.toolResultMemory;
  return {
    profile: profile({
      maxJsonDepth: config.server.maxJsonDepth,
      ...(memory ? { remembered: (principal: Principal, headers: HeaderReader) => memory.recall(principal, conversationOf(headers)) } : {}),
      tenantDefaults: (name) => {
        const defaults = tenant(name)?.defaults;
        return { ...(defaults?.classification ? { classification: defaults.classification } : {}), ...(defaults?.residency ? { residency: defaults.residency } : {}) };
      },
    }),
    enforce: enforce({
      policiesFor: dependencies.sovereignty.policiesFor,
      tenantLabels: (name) => tenant(name)?.labels ?? [],
      tenantCountry: (name) => tenant(name)?.country,
    }),
    route: route({
      catalog: dependencies.catalog,
      router: dependencies.sovereignty.router,
      health: dependencies.health,
      decisions,
      defaultStrategy: config.routing.defaultStrategy,
      tenantStrategy: (name) => tenant(name)?.defaults.strategy,
      qualityFloor: config.routing.qualityFloor,
    }),
  };
}
