import { createCapabilityIdGenerator } from "../../core/ids.js";
import { parseResponsesRequest } from "../dialects/responses/parse-responses-request.js";
import { truncateConversation } from "../dialects/responses/truncate-conversation.js";
import { compactionRequest } from "../dialects/responses/compact-conversation.js";
import { estimateInputTokens } from "../../core/router/estimate-input-tokens.js";
import { checkModel } from "./ingress.js";
import { internalKeyPrefix, resolveTurnInput } from "../responses/resolve-turn-input.js";
import { responseReaderOf } from "../responses/response-store.js";
/**
 * The key under which the effective body carries the stored items a turn continues. The profile stage walks every
 * text of `context.body` and redaction rewrites it, so the stored conversation is profiled and redacted like the
 * client's own input; the key itself is never sent (the body is translated, not relayed), and a client's body
 * carrying it (or any key with the internal prefix) is refused (`resolveTurnInput`).
 */
export const storedItemsKey = `${internalKeyPrefix}_previous_items`;
export function ingressResponses(options) {
    const newResponseId = createCapabilityIdGenerator('resp');
    return async function ingressResponsesStage(context, next) {
        const { value, text } = await context.readBody();
        context.bodyText = text;
        const principal = context.principal;
        const { input, previousId, previousItems, inherited } = await resolveTurnInput(value, options.store, responseReaderOf(principal));
        // Everything this turn sends: the client's body with referenced and compaction items resolved, and the stored conversation.
        const effective = input === value.input ? { ...value } : { ...value, input };
        if (previousItems)
            effective[storedItemsKey] = previousItems;
        context.body = effective;
        const identity = { id: newResponseId(), createdAt: Math.floor(context.receivedAt / 1000) };
        const translate = (body) => {
            const { [storedItemsKey]: stored, ...client } = body;
            const parsed = parseResponsesRequest(client, { ...identity, ...(Array.isArray(stored) ? { previousItems: stored } : {}) });
            const request = parsed.request;
            if (parsed.turn.echo.truncation === 'auto' && options.contextWindow) {
                const window = options.contextWindow(request.model);
                if (window !== undefined)
                    request.messages = [...truncateConversation(request.messages, (messages) => estimateInputTokens({ ...request, messages: [...messages] }) <= window)];
            }
            return { request: options.compact ? compactionRequest(request) : request, turn: parsed.turn };
        };
        const { request, turn } = translate(effective);
        if (options.knowsModel)
            checkModel(options.knowsModel, 'chat', request.model);
        if (options.compact) {
            turn.compact = true;
            turn.store = false;
        }
        context.request = request;
        // Redaction rewrites the effective body and translates it again (stored items included).
        turn.rebuild = (body) => translate(body).request;
        context.responses = turn;
        if (inherited)
            context.inheritedProfile = inherited;
        if (turn.omittedTools.length > 0)
            context.responseHeaders['x-sovereign-omitted-tools'] = turn.omittedTools.join(', ');
        // A compaction is always kept: the item it returns is read only against it, and carries its profile.
        if (turn.store || turn.compact) {
            turn.persist = async (response) => {
                try {
                    await options.store.save({
                        tenant: principal.tenant,
                        keyId: principal.keyId,
                        ...(previousId ? { previousResponseId: previousId } : {}),
                        inputItems: turn.inputItems,
                        response,
                        ...(context.profile ? { profile: context.profile } : {}),
                    });
                }
                catch (error) {
                    // The answer itself is sound: it is delivered, and the failure to keep it is logged.
                    options.logger.error({ requestId: context.requestId, err: error }, 'storing a response failed');
                }
            };
        }
        await next();
    };
}
//# sourceMappingURL=ingress-responses.js.map