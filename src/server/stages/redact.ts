import { GatewayError } from '../../core/errors/gateway-error.ts';
import { forEachRequestText, requestTexts } from '../../core/profile/request-texts.ts';
import { isRedactableFinding, redactTexts, restoreChatResult, restoreStreamParts, type RedactionMode } from '../../core/redaction/index.ts';
import type { Stage } from '../pipeline/compose.ts';
import type { PipelineContext } from '../pipeline/context.ts';

/**
 * The `redact` and `pseudonymise` policy actions: every personal value and credential the profile found is replaced
 * in the request before it leaves (`[EMAIL_1]` for `redact`, a realistic stand-in from a reserved range such as
 * `person1@example.invalid` for `pseudonymise`; `redact` wins when both apply), and the answer is restored, streams
 * included. The client's raw body is no longer relayed (`passthrough` off). The mapping from tokens to values lives
 * only in this stage's closure for the request: never on the context, in logs, the ledger or the audit record (which
 * records the prompt as sent, redacted). Embedding inputs are redacted too; vectors need no restoring.
 * Runs after enforce (which sets the actions) and before route.
 */
export function redact(): Stage<PipelineContext> {
  return async function redactStage(context, next) {
    const actions = context.policy?.actions;
    const mode: RedactionMode | undefined = actions?.has('redact') ? 'placeholder' : actions?.has('pseudonymise') ? 'pseudonym' : undefined;
    const findings = context.profile?.findings.filter(isRedactableFinding) ?? [];
    if (mode === undefined || findings.length === 0) return next();

    const request = context.request;
    const embedding = context.embeddingRequest;
    const texts = request ? requestTexts(request) : (embedding?.input ?? []);
    let redacted: ReturnType<typeof redactTexts>;
    try {
      redacted = redactTexts(texts, findings, mode);
    } catch {
      throw new GatewayError('internal_error', { message: 'The request could not be redacted; nothing was sent.' });
    }
    if (request) {
      let index = 0;
      forEachRequestText(request, () => redacted.texts[index++]);
    } else if (embedding) {
      embedding.input = redacted.texts;
    }
    context.passthrough = false;
    await next();

    const outcome = context.outcome;
    if (outcome === undefined) return;
    const restorer = redacted.restorer;
    switch (outcome.kind) {
      case 'result':
        context.outcome = { ...outcome, result: restoreChatResult(outcome.result, restorer) };
        break;
      case 'stream':
        context.outcome = { ...outcome, stream: restoreStreamParts(outcome.stream, restorer) };
        break;
      case 'passthrough':
        // Cannot happen with passthrough off; if it did, the answer could not be restored: fail, never relay.
        outcome.cancel();
        throw new GatewayError('internal_error', { message: 'A redacted request was answered on the pass-through path.' });
      case 'embedding':
        break;
    }
  };
}
