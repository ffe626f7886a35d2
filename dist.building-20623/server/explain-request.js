import { GatewayError } from "../core/errors/gateway-error.js";
import { explainDecision } from "../core/router/index.js";
import { createMemoryDecisionStore } from "./decision-store.js";
import { clientCodecs } from "./dialects/registry.js";
import { parseJsonBody } from "./http/parse-json-body.js";
import { compose } from "./pipeline/compose.js";
import { createCircuitBreaker } from "./reliability/circuit-breaker.js";
import { enforce } from "./stages/enforce.js";
import { profile } from "./stages/profile.js";
import { route } from "./stages/route.js";
import { checkModel } from "./stages/ingress.js";
/**
 * The dry run `sovereign explain` and the dashboard's policy simulator share: the gateway's own profile, enforce
 * and route stages over a request, exactly as a served request runs them, with nothing dispatched. A bad body is
 * refused as the gateway refuses it (400 naming the place); a policy refusal or no compliant candidate is the
 * outcome, not a failure.
 */
export function createExplainer(options) {
    const { config, sovereignty } = options;
    const tenant = (name) => config.tenants[name];
    const stages = compose([
        profile({
            maxJsonDepth: config.server.maxJsonDepth,
            tenantDefaults: (name) => {
                const defaults = tenant(name)?.defaults;
                return { ...(defaults?.classification ? { classification: defaults.classification } : {}), ...(defaults?.residency ? { residency: defaults.residency } : {}) };
            },
        }),
        enforce({ policiesFor: sovereignty.policiesFor, tenantLabels: (name) => tenant(name)?.labels ?? [], tenantCountry: (name) => tenant(name)?.country }),
        route({
            catalog: options.catalog,
            router: sovereignty.router,
            health: options.health ?? createCircuitBreaker(),
            decisions: createMemoryDecisionStore(1),
            defaultStrategy: config.routing.defaultStrategy,
            tenantStrategy: (name) => tenant(name)?.defaults.strategy,
            qualityFloor: config.routing.qualityFloor,
        }),
    ]);
    return async function explain(input) {
        const context = {
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
        }
        catch (thrown) {
            const error = GatewayError.from(thrown);
            if (error.code === 'internal_error')
                throw thrown;
            return { routed: false, error, ...(context.profile ? { profile: context.profile } : {}), ...(context.policy ? { policies: context.policy.matched } : {}) };
        }
        const decision = context.decision.explained;
        return { routed: true, profile: context.profile, decision, explanation: explainDecision(decision) };
    };
}
//# sourceMappingURL=explain-request.js.map