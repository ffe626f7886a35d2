import type { ToolResultMemory } from '../mcp/tool-result-memory.ts';
import { GatewayError } from '../core/errors/gateway-error.ts';
import type { Principal } from '../core/principal.ts';
import type { DataProfile } from '../core/profile/index.ts';
import { explainDecision, type Decision } from '../core/router/index.ts';
import type { CatalogIndex } from './catalog-index.ts';
import type { GatewayConfig } from './config/config-schema.ts';
import { createMemoryDecisionStore } from './decision-store.ts';
import { clientCodecs } from './dialects/registry.ts';
import { parseJsonBody } from './http/parse-json-body.ts';
import { compose } from './pipeline/compose.ts';
import type { ClientDialect, PipelineContext } from './pipeline/context.ts';
import { createCircuitBreaker, type CircuitBreaker } from './reliability/circuit-breaker.ts';
import type { Sovereignty } from './sovereignty.ts';
import { createSovereigntyStages } from './sovereignty-stages.ts';
import { checkModel } from './stages/ingress.ts';

/** A request to explain: its body as a client would POST it (JSON text), its headers, and who asks. */
export interface ExplainInput {
  dialect: ClientDialect;
  bodyText: string;
  /** `x-sovereign-classification`, `-residency`, `-labels`, `-strategy` (other headers are read as a client's are). */
  headers: Headers;
  principal: Principal;
}

/** What the gateway would do with the request: route it (the decision), or refuse it (the error). Nothing is sent. */
export type ExplainOutcome =
  | { routed: true; profile: DataProfile; decision: Decision; explanation: string }
  | { routed: false; error: GatewayError; profile?: DataProfile; policies?: readonly string[] };

export interface ExplainerOptions {
  config: GatewayConfig;
  sovereignty: Sovereignty;
  catalog: CatalogIndex;
  /** The providers' circuits (the gateway's live ones); default: every circuit closed. */
  health?: CircuitBreaker;
  /** Classified MCP tool results remembered per caller, which hold a dry run as they hold a request. */
  toolResultMemory?: ToolResultMemory;
}

/**
 * The dry run `sovereign explain` and the dashboard's policy simulator share: the gateway's own profile, enforce
 * and route stages over a request, exactly as a served request runs them, with nothing dispatched. A bad body is
 * refused as the gateway refuses it (400 naming the place); a policy refusal or no compliant candidate is the
 * outcome, not a failure.
 */
export function createExplainer(options: ExplainerOptions): (input: ExplainInput) => Promise<ExplainOutcome> {
  const { config } = options;
  // The gateway's own stage builder, with a throwaway decision store: a dry run decides exactly as a request would.
  const decide = createSovereigntyStages(
    { config, sovereignty: options.sovereignty, catalog: options.catalog, health: options.health ?? createCircuitBreaker(), ...(options.toolResultMemory ? { toolResultMemory: options.toolResultMemory } : {}) },
    createMemoryDecisionStore(1),
  );
  const stages = compose<PipelineContext>([decide.profile, decide.enforce, decide.route]);

  return async function explain(input) {
    const context: PipelineContext = {
      requestId: 'explain',
      dialect: input.dialect,
      endpoint: 'chat',
      headers: input.headers,
      signal: new AbortController().signal,
      receivedAt: Date.now(),
      readBody: async () => ({ value: {}, text: '{}' }),
      passthrough: false,
      responseHeaders: {},
      finalizers: [],
      principal: input.principal,
    };
    try {
      context.body = parseJsonBody(input.bodyText, config.server.maxJsonDepth);
      context.request = clientCodecs[input.dialect].parseChatRequest(context.body);
      checkModel(options.catalog.knowsModel, 'chat', context.request.model);
      await stages(context);
    } catch (thrown) {
      const error = GatewayError.from(thrown);
      if (error.code === 'internal_error') throw thrown;
      return { routed: false, error, ...(context.profile ? { profile: context.profile } : {}), ...(context.policy ? { policies: context.policy.matched } : {}) };
    }
    const decision = context.decision!.explained!;
    return { routed: true, profile: context.profile!, decision, explanation: explainDecision(decision) };
  };
}
