import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { TextFinding } from '../../core/profile/index.ts';
import { forEachRequestText, requestTexts } from '../../core/profile/request-texts.ts';
import {
  createValueScrubber,
  isRedactableFinding,
  redactTexts,
  restoreChatResult,
  restoreStreamParts,
  scrubError,
  scrubStreamErrors,
  type RedactedTexts,
  type RedactionMode,
} from '../../core/redaction/index.ts';
import type { Stage } from '../pipeline/compose.ts';
import type { PipelineContext } from '../pipeline/context.ts';

/**
 * The `redact` and `pseudonymise` policy actions: every personal value and credential the profile found is replaced
 * in the request before it leaves (`[EMAIL_1]` for `redact`, a realistic stand-in from a reserved range such as
 * `person1@example.invalid` for `pseudonymise`; `redact` wins when both apply), and the answer is restored, streams
 * included. The client's raw body is no longer relayed (`passthrough` off). The mapping from tokens to values lives
 * only in this stage's closure for the request: never on the context, in logs, the ledger or the audit record (which
 * records the prompt as sent, redacted). Embedding inputs are redacted too; vectors need no restoring.
 *
 * Whatever the policies, a request with findings never has them echoed back by the gateway: a provider's error
 * message that quotes the request (`Invalid content: ...`), thrown or as a stream's `error` part, and the decision's
 * attempt log (served by `GET /v1/decisions/:id`) have each found value replaced by its placeholder.
 * Runs after enforce (which sets the actions) and before anything that rewrites the texts (compress).
 */
export function redact(): Stage<PipelineContext> {
  return function redactStage(context, next) {
    const found = context.profile?.findings;
    if (!found?.some(isRedactableFinding)) return next();
    return redactAround(context, next, found.filter(isRedactableFinding));
  };
}

/** The stage for a request with findings: redacts (when a policy asks), scrubs errors, restores the answer. */
async function redactAround(context: PipelineContext, next: () => Promise<void>, findings: TextFinding[]): Promise<void> {
  const actions = context.policy?.actions;
  const mode: RedactionMode | undefined = actions?.has('redact') ? 'placeholder' : actions?.has('pseudonymise') ? 'pseudonym' : undefined;
  const texts = context.request ? requestTexts(context.request) : [...(context.embeddingRequest?.input ?? [])];
  let scrubber: ((text: string) => string) | undefined;
  const scrub = (text: string) => (scrubber ??= createValueScrubber(texts, findings))(text);
  context.finalizers.push(() => {
    for (const attempt of context.decision?.attempts ?? []) if (attempt.error !== undefined) attempt.error = scrub(attempt.error);
  });

  const redacted = mode === undefined ? undefined : redactRequest(context, texts, findings, mode);
  try {
    await next();
  } catch (error) {
    throw scrubError(error, scrub);
  }

  const outcome = context.outcome;
  if (outcome === undefined) return;
  if (redacted === undefined) {
    if (outcome.kind === 'stream') context.outcome = { ...outcome, stream: scrubStreamErrors(outcome.stream, scrub) };
    return;
  }
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
}

/** Rewrites the request's texts (or embedding inputs) in place and turns the pass-through path off. */
function redactRequest(context: PipelineContext, texts: string[], findings: TextFinding[], mode: RedactionMode): RedactedTexts {
  let redacted: RedactedTexts;
  try {
    redacted = redactTexts(texts, findings, mode);
  } catch {
    throw new GatewayError('internal_error', { message: 'The request could not be redacted; nothing was sent.' });
  }
  if (context.request) {
    let index = 0;
    forEachRequestText(context.request, () => redacted.texts[index++]);
  } else if (context.embeddingRequest) {
    context.embeddingRequest.input = redacted.texts;
  }
  context.passthrough = false;
  return redacted;
}
