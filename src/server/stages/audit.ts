import type { AuditEntry, AuditOutcome } from '../../security/audit/audit-entry.ts';
import type { AuditLog } from '../../security/audit/audit-log.ts';
import { requestTexts } from '../../core/profile/request-texts.ts';
import type { Stage } from '../pipeline/stage.ts';
import type { Completion, PipelineContext } from '../pipeline/context.ts';

/** Codes that mean the gateway itself refused the request (as opposed to failing to serve it). */
const refusals = new Set([
  'authentication_required',
  'invalid_api_key',
  'permission_denied',
  'policy_denied',
  'budget_exceeded',
  'rate_limited',
]);

/**
 * The outermost stage: every request, answered, refused or failed, gets an audit record once it completes:
 * who, what the data profile held (kinds and levels, never values), which decision, where it went, the outcome,
 * tokens and cost. The record is durable before the response completes when the log is strict.
 */
export function audit(log: AuditLog): Stage {
  return function auditStage(context, next) {
    context.finalizers.push(async (completion) => {
      await log.record(toAuditEntry(context, completion));
    });
    return next();
  };
}

function promptText(context: PipelineContext): string {
  return requestTexts(context.request!).join('\n');
}

function toAuditEntry(context: PipelineContext, completion: Completion): AuditEntry {
  const candidate = context.outcome?.candidate;
  const accounted = context.accounted;
  const outcome: AuditOutcome =
    completion.outcome === 'ok' ? 'ok' : completion.error && refusals.has(completion.error.code) ? 'refused' : 'failed';
  return {
    time: new Date(context.receivedAt).toISOString(),
    requestId: context.requestId,
    tenant: context.principal?.tenant ?? 'unknown',
    keyId: context.principal?.keyId ?? '',
    ...(context.principal?.country ? { principalCountry: context.principal.country } : {}),
    profile: {
      classification: context.profile?.classification ?? 'UNCLASSIFIED',
      personalKinds: context.profile?.personalData.map((item) => item.kind) ?? [],
      secretKinds: context.profile?.secrets.map((item) => item.kind) ?? [],
      markings: context.profile?.markings ?? [],
    },
    ...(context.decision ? { decisionId: context.decision.id } : {}),
    ...(candidate ? { provider: candidate.providerId, jurisdiction: candidate.provider.jurisdiction, model: candidate.model.name } : {}),
    outcome,
    status: completion.status,
    ...(completion.error ? { errorCode: completion.error.code } : {}),
    tokens: {
      input: accounted?.usage.inputTokens ?? 0,
      output: accounted?.usage.outputTokens ?? 0,
      cachedInput: accounted?.usage.cachedInputTokens ?? 0,
    },
    costUsd: (accounted?.costNanoUsd ?? 0) / 1e9,
    // Only when a policy in force asked for it (`audit-prompt`): the prompt as sent (after any redaction).
    ...(context.policy?.actions.has('audit-prompt') && context.request ? { prompt: promptText(context) } : {}),
    ...servingTransport(context),
    ...(context.clientTransport ? { clientTransport: context.clientTransport } : {}),
  };
}

/** What the connection of the call that answered negotiated: the last successful attempt of the serving provider. */
function servingTransport(context: PipelineContext): Pick<AuditEntry, 'transport'> {
  const providerId = context.outcome?.candidate.providerId;
  const attempts = context.decision?.attempts;
  if (providerId === undefined || attempts === undefined) return {};
  for (let index = attempts.length - 1; index >= 0; index--) {
    const attempt = attempts[index]!;
    if (attempt.providerId === providerId && attempt.outcome === 'ok') return attempt.transport ? { transport: attempt.transport } : {};
  }
  return {};
}
