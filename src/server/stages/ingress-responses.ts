import { createIdGenerator } from '../../core/ids.ts';
import { parseResponsesRequest } from '../dialects/responses/parse-responses-request.ts';
import { truncateConversation } from '../dialects/responses/truncate-conversation.ts';
import { compactionRequest } from '../dialects/responses/compact-conversation.ts';
import { estimateInputTokens } from './route.ts';
import type { Logger } from '../logger.ts';
import type { Stage } from '../pipeline/compose.ts';
import type { PipelineContext } from '../pipeline/context.ts';
import { resolveItemReferences } from '../responses/resolve-item-references.ts';
import type { ResponseStore } from '../responses/response-store.ts';

/**
 * The ingress of `POST /v1/responses`: reads the body, loads the stored conversation `previous_response_id` names
 * (the tenant's own, unexpired, else 404) and the items `item_reference`s name, translates everything to the canonical request, and arranges for the
 * answer to be stored when `store` is on. The stored conversation's texts are in the canonical request, so the
 * profile stage sees them like any other input; what it carried (classification, residency, labels) is held
 * as `inheritedProfile`. With `truncation: "auto"` a conversation too long for every model the name reaches loses
 * its oldest items (see `truncateConversation`). Runs after authenticate (it needs the tenant).
 */
export interface IngressResponsesOptions {
  store: ResponseStore;
  logger: Logger;
  /** The largest context window among the models a name can reach (undefined for an unknown name), for `truncation: "auto"`. */
  contextWindow?: (model: string) => number | undefined;
  /** `POST /v1/responses/compact`: summarise the conversation instead of answering it (nothing is stored). */
  compact?: boolean;
}

export function ingressResponses(options: IngressResponsesOptions): Stage<PipelineContext> {
  const newResponseId = createIdGenerator('resp');
  return async function ingressResponsesStage(context, next) {
    const { value, text } = await context.readBody();
    context.body = value;
    context.bodyText = text;
    const principal = context.principal!;
    const previousId = typeof value.previous_response_id === 'string' && value.previous_response_id !== '' ? value.previous_response_id : undefined;
    const previous = previousId ? await options.store.conversation(principal.tenant, previousId, 'previous_response_id') : undefined;
    const input = await resolveItemReferences(value.input, options.store, principal.tenant);
    const { request, turn } = parseResponsesRequest(input === value.input ? value : { ...value, input }, {
      id: newResponseId(),
      createdAt: Math.floor(context.receivedAt / 1000),
      ...(previous ? { previousItems: previous.items } : {}),
    });
    if (turn.echo.truncation === 'auto' && options.contextWindow) {
      const window = options.contextWindow(request.model);
      if (window !== undefined) request.messages = [...truncateConversation(request.messages, (messages) => estimateInputTokens({ ...request, messages: [...messages] }) <= window)];
    }
    if (options.compact) {
      turn.compact = true;
      turn.store = false;
    }
    context.request = options.compact ? compactionRequest(request) : request;
    context.responses = turn;
    if (previous) context.inheritedProfile = previous.inherited;
    if (turn.omittedTools.length > 0) context.responseHeaders['x-sovereign-omitted-tools'] = turn.omittedTools.join(', ');
    if (turn.store) {
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
