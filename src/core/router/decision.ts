import type { Tier } from '../catalog/catalog-schema.ts';
import type { PolicyEvaluationError } from '../policy/evaluate-policies.ts';

/** How candidates are ordered. */
export type Strategy = 'cheapest' | 'fastest' | 'balanced' | 'quality';
export const strategies: readonly Strategy[] = ['cheapest', 'fastest', 'balanced', 'quality'];

/** A provider/model pair that may serve the request, best first. */
export interface RankedCandidate {
  readonly providerId: string;
  /** The catalog model name. */
  readonly model: string;
  /** The name sent to the provider. */
  readonly upstreamModel: string;
  readonly tier: Tier;
  readonly jurisdiction: string;
  /** In [0, 1], higher is better, relative to the other eligible candidates under the strategy. */
  readonly score: number;
  /** Estimated cost in USD from catalog prices and the token estimates. */
  readonly estimatedCostUsd: number;
  /** Expected time to the whole answer in ms, from live statistics (or the prior). */
  readonly expectedLatencyMs: number;
  /** `quality.overall` from the catalog, 0 when absent. */
  readonly quality: number;
}

/** Why a candidate was excluded. */
export interface ExclusionReason {
  /** `policy`: a matched policy's constraint; the rest are properties of the request. */
  readonly kind: 'policy' | 'export-control' | 'capability' | 'context-window' | 'quality-floor';
  /** The policy, for `kind: 'policy'`. */
  readonly policy?: string;
  readonly reason: string;
}

export interface ExcludedCandidate {
  readonly providerId: string;
  readonly model: string;
  readonly reasons: readonly ExclusionReason[];
}

/** Compliant and capable, but the provider's circuit is open. */
export interface UnavailableCandidate {
  readonly providerId: string;
  readonly model: string;
}

/**
 * What the router decided for one request: returned to the client as `x-sovereign-decision`, stored, and
 * explained by `explainDecision`. `excluded` is computed when first read (it is a getter on decisions made by
 * the router), so routing does not pay for reasons nobody asks for; JSON serialisation reads it.
 */
export interface Decision {
  readonly id: string;
  /** Epoch ms. */
  readonly at: number;
  /** The model the client asked for. */
  readonly model: string;
  readonly strategy: Strategy;
  /** Compliant, capable and healthy candidates, best first, at most `maxCandidates`. */
  readonly candidates: readonly RankedCandidate[];
  /**
   * Compliant candidates with the required capabilities (tools, vision, json), before the context-window and
   * quality-floor filters, health and truncation to `maxCandidates`.
   */
  readonly eligible: number;
  /** How many provider/model pairs serve the model name. */
  readonly considered: number;
  readonly excluded: readonly ExcludedCandidate[];
  readonly unavailable: readonly UnavailableCandidate[];
  /** The policies in force (matched) for this request. */
  readonly policies: readonly string[];
  /** Conditions that failed to evaluate and were treated as matched (fail closed). */
  readonly policyErrors: readonly PolicyEvaluationError[];
  readonly estimatedInputTokens: number;
  readonly estimatedOutputTokens: number;
}
