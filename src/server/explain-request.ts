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
import type { Authenticated, ChatIngressed, ClientDialect, PipelineContext } from './pipeline/context.ts';
import { pipeline } from './pipeline/pipeline-builder.ts';
import { createCircuitBreaker, type CircuitBreaker } from './reliability/circuit-breaker.ts';
import type { Sovereignty } from './sovereignty.ts';
import { createSovereigntyStages } from './sovereignty-stages.ts';
import { checkModel } from './pipeline/check-model.ts';

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
  // The dry run's context enters with what authenticate and ingress would have added: the caller, the body, the request.
  const stages = pipeline<Authenticated & ChatIngressed>().use(decide.profile).use(decide.enforce).use(decide.route).build();

  return async function explain(input) {
    let context: (PipelineContext & Authenticated & ChatIngressed) | undefined;
    try {
      const body = parseJsonBody(input.bodyText, config.server.maxJsonDepth);
      const request = clientCodecs[input.dialect].parseChatRequest(body);
      checkModel(options.catalog.knowsModel, 'chat', request.model);
      context = {
        requestId: 'explain',
        dialect: input.dialect,
        endpoint: 'chat',
        headers: input.headers,
        signal: new AbortController().signal,
        receivedAt: Date.now(),
        readBody: async () => ({ value: body, text: input.bodyText }),
        passthrough: false,
        responseHeaders: {},
        finalizers: [],
        principal: input.principal,
        body,
        request,
      };
      await stages(context);
    } catch (thrown) {
      const error = GatewayError.from(thrown);
      if (error.code === 'internal_error') throw thrown;
      return { routed: false, error, ...(context?.profile ? { profile: context.profile } : {}), ...(context?.policy ? { policies: context.policy.matched } : {}) };
    }
    const decision = context.decision!.explained!;
    return { routed: true, profile: context.profile!, decision, explanation: explainDecision(decision) };
  };
}
