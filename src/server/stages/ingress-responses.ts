import { createCapabilityIdGenerator } from '../../core/ids.ts';
import { parseResponsesRequest } from '../dialects/responses/parse-responses-request.ts';
import { truncateConversation } from '../dialects/responses/truncate-conversation.ts';
import { compactionRequest } from '../dialects/responses/compact-conversation.ts';
import { estimateInputTokens } from '../../core/router/estimate-input-tokens.ts';
import type { Logger } from '../logger.ts';
import type { Stage } from '../pipeline/stage.ts';
import type { Authenticated, ResponsesIngressed } from '../pipeline/context.ts';
import { checkModel, type KnowsModel } from '../pipeline/check-model.ts';
import type { JsonObject } from '../dialects/responses/responses-wire-types.ts';
import { internalKeyPrefix, resolveTurnInput } from '../responses/resolve-turn-input.ts';
import { responseReaderOf, type ResponseStore } from '../responses/response-store.ts';

/**
 * The ingress of `POST /v1/responses`: reads the body, loads the stored conversation `previous_response_id` names
 * (the key's own, or any of the tenant's for an admin key; unexpired, else 404), the items `item_reference`s name
 * and the summaries of the gateway's compaction items (see `resolveTurnInput`), translates everything to the
 * canonical request, and arranges for the answer to be stored when `store` is on (a compaction always is). The
 * stored texts are in the effective body, so the profile stage sees them like any other input; what every stored
 * response drawn on carried (classification, residency, labels) is held as `inheritedProfile`. With `truncation: "auto"` a conversation too long for every model the name reaches loses
 * its oldest items (see `truncateConversation`). Runs after authenticate (it needs the tenant).
 */
export interface IngressResponsesOptions {
  store: ResponseStore;
  logger: Logger;
  /** The largest context window among the models a name can reach (undefined for an unknown name), for `truncation: "auto"`. */
  contextWindow?: (model: string) => number | undefined;
  /** `POST /v1/responses/compact`: summarise the conversation instead of answering it (nothing is stored). */
  compact?: boolean;
  /** Refuses model names the catalog does not serve (404), as the other ingresses do. */
  knowsModel?: KnowsModel;
}

/**
 * The key under which the effective body carries the stored items a turn continues. The profile stage walks every
 * text of `context.body` and redaction rewrites it, so the stored conversation is profiled and redacted like the
 * client's own input; the key itself is never sent (the body is translated, not relayed), and a client's body
 * carrying it (or any key with the internal prefix) is refused (`resolveTurnInput`).
 */
export const storedItemsKey = `${internalKeyPrefix}_previous_items`;

export function ingressResponses(options: IngressResponsesOptions): Stage<Authenticated, ResponsesIngressed> {
  const newResponseId = createCapabilityIdGenerator('resp');
  return async function ingressResponsesStage(context, next) {
    const { value, text } = await context.readBody();
    context.bodyText = text;
    const principal = context.principal;
    const { input, previousId, previousItems, inherited } = await resolveTurnInput(value, options.store, responseReaderOf(principal));
    // Everything this turn sends: the client's body with referenced and compaction items resolved, and the stored conversation.
    const effective: Record<string, unknown> = input === value.input ? { ...value } : { ...value, input };
    if (previousItems) effective[storedItemsKey] = previousItems;
    context.body = effective;
    const identity = { id: newResponseId(), createdAt: Math.floor(context.receivedAt / 1000) };
    const translate = (body: Record<string, unknown>) => {
      const { [storedItemsKey]: stored, ...client } = body;
      const parsed = parseResponsesRequest(client, { ...identity, ...(Array.isArray(stored) ? { previousItems: stored as JsonObject[] } : {}) });
      const request = parsed.request;
      if (parsed.turn.echo.truncation === 'auto' && options.contextWindow) {
        const window = options.contextWindow(request.model);
        if (window !== undefined) request.messages = [...truncateConversation(request.messages, (messages) => estimateInputTokens({ ...request, messages: [...messages] }) <= window)];
      }
      return { request: options.compact ? compactionRequest(request) : request, turn: parsed.turn };
    };
    const { request, turn } = translate(effective);
    if (options.knowsModel) checkModel(options.knowsModel, 'chat', request.model);
    if (options.compact) {
      turn.compact = true;
      turn.store = false;
    }
    context.request = request;
    // Redaction rewrites the effective body and translates it again (stored items included).
    turn.rebuild = (body) => translate(body).request;
    context.responses = turn;
    if (inherited) context.inheritedProfile = inherited;
    if (turn.omittedTools.length > 0) context.responseHeaders['x-sovereign-omitted-tools'] = turn.omittedTools.join(', ');
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
        } catch (error) {
          // The answer itself is sound: it is delivered, and the failure to keep it is logged.
          options.logger.error({ requestId: context.requestId, err: error }, 'storing a response failed');
        }
      };
    }
    await next();
  };
}
