import { extractionActions, type ExtractionAction, type ExtractionRule } from './extraction-settings.ts';

/** How harsh an action is: `none` 0, `flag` 1, `throttle` 2, `review` 3, `block` 4. */
export function severity(action: ExtractionAction): number {
  return action === 'none' ? 0 : extractionActions.indexOf(action) + 1;
}

/** The harshest rule whose `minScore` the score reaches, capped at `maxAction`; `none` when no rule applies. */
export function actionForScore(score: number, policy: readonly ExtractionRule[], maxAction: ExtractionAction = 'block'): ExtractionAction {
  let action: ExtractionAction = 'none';
  for (const rule of policy) if (score >= rule.minScore && severity(rule.action) > severity(action)) action = rule.action;
  return severity(action) > severity(maxAction) ? maxAction : action;
}

/** The throttle rate of the policy (requests per minute; 10 when the rule names none). */
export function throttleRate(policy: readonly ExtractionRule[]): number {
  return policy.find((rule) => rule.action === 'throttle')?.requestsPerMinute ?? 10;
}

/** Whether an action limits the subject's request rate (`throttle`, and `review`, which stays throttled). */
export function throttles(action: ExtractionAction): boolean {
  return action === 'throttle' || action === 'review';
}
