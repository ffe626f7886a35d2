import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { CompiledPolicySet } from '../../core/policy/index.ts';
import { profileText, type TextFinding } from '../../core/profile/index.ts';
import { bodyTexts, replaceBodyTexts, type BodyTextOptions } from '../../core/profile/request-texts.ts';
import {
  createValueScrubber,
  foundValues,
  isRedactableFinding,
  redactTexts,
  restoreChatResult,
  restoreStreamParts,
  scrubError,
  scrubStreamErrors,
  type RedactedTexts,
  type RedactionMode,
  PatternAutomaton,
  type Restorer,
} from '../../core/redaction/index.ts';
import type { Stage } from '../pipeline/stage.ts';
import type { Enforced, Ingressed, PipelineContext, Profiled } from '../pipeline/context.ts';

export interface RedactOptions extends BodyTextOptions {
  /** The policies in force for a tenant, to name those that asked for redaction when it cannot be done. */
  policiesFor(tenant: string): CompiledPolicySet;
  /** Parses a (redacted) body into the context's canonical request again, as the ingress did. */
  reparse(context: PipelineContext, body: Record<string, unknown>): void;
}

/**
 * The `redact` and `pseudonymise` policy actions: every personal value and credential the profile found is replaced
 * in the request before it leaves (`[EMAIL_1]` for `redact`, a realistic stand-in from a reserved range such as
 * `person1@example.invalid` for `pseudonymise`; `redact` wins when both apply), and the answer is restored, streams
 * included. Redaction covers exactly the texts the profile saw: it rewrites the client's body (keys, strings at any
 * depth, JSON inside strings), parses the canonical request again from it, and turns the pass-through path off, so
 * nothing can be sent that was not redacted. The rewritten body is profiled again: when a value remains (a number
 * cannot be replaced by a token, for one) the request is refused with `policy_denied` naming the policies that asked
 * for redaction, and nothing is sent. The mapping from tokens to values lives only in this stage's closure for the
 * request: never on the context, in logs, the ledger or the audit record (which records the prompt as sent,
 * redacted). Embedding inputs are redacted too; vectors need no restoring.
 *
 * Whatever the policies, a request with findings never has them echoed back by the gateway: a provider's error
 * message that quotes the request (`Invalid content: ...`), thrown or as a stream's `error` part, and the decision's
 * attempt log (served by `GET /v1/decisions/:id`) have each found value replaced by its placeholder.
 * Runs after enforce (which sets the actions) and before anything that rewrites the texts (compress).
 */
export function redact(options: RedactOptions): Stage<Ingressed & Profiled & Enforced> {
  return function redactStage(context, next) {
    const found = context.profile.findings;
    if (!found.some(isRedactableFinding)) return next();
    return redactAround(context, next, found.filter(isRedactableFinding), options);
  };
}

/** The stage for a request with findings: redacts (when a policy asks), scrubs errors, restores the answer. */
async function redactAround(context: PipelineContext, next: () => Promise<void>, findings: TextFinding[], options: RedactOptions): Promise<void> {
  const actions = context.policy?.actions;
  const mode: RedactionMode | undefined = actions?.has('redact') ? 'placeholder' : actions?.has('pseudonymise') ? 'pseudonym' : undefined;
  // The profile stage's texts, unless a stage between replaced the body (none does today: enforce, verify-transport).
  const profiled = context.profiledTexts;
  const texts = profiled !== undefined && profiled.body === context.body ? profiled.texts : bodyTexts(context.body!, options);
  let scrubber: ((text: string) => string) | undefined;
  const scrub = (text: string) => (scrubber ??= createValueScrubber(texts, findings))(text);
  context.finalizers.push(() => {
    for (const attempt of context.decision?.attempts ?? []) if (attempt.error !== undefined) attempt.error = scrub(attempt.error);
  });

  const redacted = mode === undefined ? undefined : redactRequest(context, texts, findings, mode, options);
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

/**
 * Rewrites the body's texts, checks that no found value is left in what would be sent, and parses the request
 * again from the rewritten body; the pass-through path goes off (the answer must be restored).
 */
function redactRequest(context: PipelineContext, texts: readonly string[], findings: TextFinding[], mode: RedactionMode, options: RedactOptions): RedactedTexts {
  let redacted: RedactedTexts;
  try {
    redacted = redactTexts(texts, findings, mode);
  } catch {
    throw new GatewayError('internal_error', { message: 'The request could not be redacted; nothing was sent.' });
  }
  const body = replaceBodyTexts(context.body!, redacted.texts, options);
  const running: boolean[] = [];
  const readFirst: boolean[] = [];
  if (leftUnredacted(bodyTexts(body, options, running, readFirst), { running, readFirst }, texts, findings, redacted.restorer)) {
    const tenant = context.principal?.tenant ?? 'default';
    const matched = new Set(context.policy?.matched ?? []);
    const policies = options
      .policiesFor(tenant)
      .policies.filter((policy) => matched.has(policy.name) && (policy.actions.includes('redact') || policy.actions.includes('pseudonymise')))
      .map((policy) => policy.name);
    throw new GatewayError('policy_denied', {
      message: `Refused by policy ${policies.join(', ')}: it requires redaction, and a value found in the request sits where it cannot be replaced (a number, for one); nothing was sent.`,
      details: { policies },
    });
  }
  context.body = body;
  delete context.bodyText;
  options.reparse(context, body);
  context.passthrough = false;
  return redacted;
}

/**
 * Whether a value the profile found survives in the redacted texts: written as it was, or found by the detectors
 * again where it is not one of the redaction's own tokens (a pseudonym is an email, but one the restorer knows).
 */
function leftUnredacted(
  after: readonly string[],
  order: { running: readonly boolean[]; readFirst: readonly boolean[] },
  before: readonly string[],
  findings: readonly TextFinding[],
  restorer: Restorer,
): boolean {
  const values = new PatternAutomaton(foundValues(before, findings).map(({ value }) => value));
  if (after.some((text) => values.occursIn(text))) return true;
  const again = profileText([...after], {}, {}, order.running, order.readFirst).findings.filter(isRedactableFinding);
  for (const { value } of foundValues(after, again)) if (restorer.restoreText(value) === value) return true;
  return false;
}
