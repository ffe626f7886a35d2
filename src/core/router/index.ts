export { createRouter, type DecideInput, type Router, type RouterOptions, type TransportFactsSource } from './create-router.ts';
export type { ProviderHealth } from './health-cache.ts';
export { createProviderStats, type ProviderObservation, type ProviderStats, type ProviderStatsOptions, type ProviderStatsRecord } from './provider-stats.ts';
export { explainDecision } from './explain-decision.ts';
export { createDecisionId } from './decision-id.ts';
export { strategies } from './decision.ts';
export type { Decision, ExcludedCandidate, ExclusionReason, RankedCandidate, Strategy, UnavailableCandidate } from './decision.ts';
export type { BalancedWeights } from './select-candidates.ts';
