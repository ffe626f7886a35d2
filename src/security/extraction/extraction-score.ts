import type { SubjectFeatures } from './subject-features.ts';
import { clamp01 } from './window-statistics.ts';

/** What a subject's group adds to its own signals. */
export interface CoordinationFacts {
  /** Keys in the group (1 for a key alone, 0 for a tenant or a network). */
  keys: number;
  /** Tenants those keys belong to. */
  tenants: number;
}

const percent = (share: number) => `${Math.round(share * 100)}%`;

/** One term of the score: a signal scaled to [0, 1] and the sentence that explains it. */
interface ScoreTerm {
  name: string;
  value(features: SubjectFeatures, coordination: CoordinationFacts): number;
  explain(features: SubjectFeatures, coordination: CoordinationFacts): string;
}

const regularity = (features: SubjectFeatures) => (Number.isNaN(features.interArrivalCv) ? 0 : clamp01(1 - features.interArrivalCv));
const volume = (features: SubjectFeatures) => clamp01(Math.log10(Math.max(1, features.requestsPerDay) / 20) / 2);
const coverage = (features: SubjectFeatures) => features.narrowness * features.novelty;

/**
 * The terms of the extraction score, each in [0, 1]. Products are interactions: a template alone is what every
 * application built on a model sends; a template that asks for reasoning, or that sweeps one capability area with
 * new items every time, is what a distillation campaign sends.
 */
export const scoreTerms: readonly ScoreTerm[] = [
  { name: 'template', value: (f) => f.templateShare, explain: (f) => `${percent(f.templateShare)} of prompts share one template (${f.templateShingles} recurring shingles)` },
  { name: 'reasoning', value: (f) => f.reasoningShare, explain: (f) => `${percent(f.reasoningShare)} of prompts ask for step-by-step reasoning` },
  { name: 'rubric', value: (f) => f.rubricShare, explain: (f) => `${percent(f.rubricShare)} of prompts ask for rubric-style grading` },
  { name: 'coverage', value: coverage, explain: (f) => `systematic coverage: ${percent(f.narrowness)} of prompts on ${f.topArea}, ${percent(f.novelty)} of them new items` },
  { name: 'outputRatio', value: (f) => clamp01(Math.log10(Math.max(1, f.outputInputRatio)) / 2), explain: (f) => `${f.outputInputRatio.toFixed(1)} output tokens per input token` },
  { name: 'regularity', value: regularity, explain: (f) => `regular timing (inter-arrival coefficient of variation ${f.interArrivalCv.toFixed(2)})` },
  { name: 'continuity', value: (f) => f.activeHours, explain: (f) => `active in ${percent(f.activeHours)} of hours` },
  { name: 'volume', value: volume, explain: (f) => `${Math.round(f.requestsPerDay)} requests per day` },
  { name: 'prada', value: (f) => (Number.isNaN(f.pradaW) ? 0 : clamp01(f.pradaW)), explain: (f) => `query distances' Shapiro-Wilk W ${f.pradaW.toFixed(2)} (PRADA)` },
  { name: 'release', value: (f) => f.releaseShift, explain: (f) => `${percent(f.releaseShift)} of traffic moved to a newly released model within a day` },
  { name: 'repeats', value: (f) => f.repeatShare, explain: (f) => `${percent(f.repeatShare)} of prompts repeat an earlier one exactly` },
  { name: 'conversation', value: (f) => f.continuationShare, explain: (f) => `${percent(f.continuationShare)} of requests continue a conversation` },
  {
    name: 'coordination',
    value: (_f, c) => clamp01(Math.log2(Math.max(1, c.keys)) / 6),
    explain: (_f, c) => `one coordinated group of ${c.keys} keys across ${c.tenants} tenants`,
  },
  { name: 'templateReasoning', value: (f) => f.templateShare * Math.max(f.reasoningShare, f.rubricShare), explain: () => 'templated prompts that elicit reasoning or grading' },
  { name: 'templateCoverage', value: (f) => f.templateShare * coverage(f), explain: () => 'templated prompts sweeping one capability area' },
  { name: 'templateRelease', value: (f) => f.templateShare * f.releaseShift, explain: () => 'templated traffic moved to a new model' },
  {
    name: 'elicitationCoverage',
    value: (f) => clamp01(f.reasoningShare + f.rubricShare) * f.narrowness,
    explain: (f) => `${percent(clamp01(f.reasoningShare + f.rubricShare))} of prompts elicit reasoning or grading, ${percent(f.narrowness)} of them in ${f.topArea}`,
  },
  { name: 'coordinatedTemplate', value: (f, c) => f.templateShare * clamp01(Math.log2(Math.max(1, c.keys)) / 6), explain: () => 'the same template across many keys' },
];

export type ScoreTermName = string;

/** A logistic model over the terms: score = 1 / (1 + e^-(bias + sum of weight x term)). */
export interface ScoreModel {
  bias: number;
  weights: Readonly<Record<ScoreTermName, number>>;
}

/**
 * The default model: weights set by hand against the tuning split of `npm run bench -- extraction` (QQP pairs
 * 0-11,999, GSM8K, tau-bench), not fitted; the held-out split (`--held-out`) checks them. See the README's
 * extraction section for the figures.
 */
export const defaultScoreModel: ScoreModel = {
  bias: -6,
  weights: {
    template: 1,
    reasoning: 1,
    rubric: 1,
    coverage: 1,
    outputRatio: 0.5,
    regularity: 1,
    continuity: 1,
    volume: 1,
    prada: 0,
    release: 1,
    repeats: -1,
    conversation: -2,
    coordination: 1,
    templateReasoning: 2,
    templateCoverage: 2,
    templateRelease: 2,
    coordinatedTemplate: 2,
    elicitationCoverage: 4,
  },
};

/** One term's part in a score. */
export interface ScoreContribution {
  term: ScoreTermName;
  value: number;
  contribution: number;
  explanation: string;
}

export interface SubjectScore {
  /** In [0, 1]. */
  score: number;
  /** The terms that raised the score, largest first (only those that added something). */
  reasons: ScoreContribution[];
}

/** The term values of a subject, in the order of {@link scoreTerms}: the model's input. */
export function scoreInputs(features: SubjectFeatures, coordination: CoordinationFacts): number[] {
  return scoreTerms.map((term) => term.value(features, coordination));
}

/** Scores a subject and explains the score by the terms that raised it. */
export function scoreSubject(features: SubjectFeatures, coordination: CoordinationFacts, model: ScoreModel = defaultScoreModel): SubjectScore {
  let logit = model.bias;
  const reasons: ScoreContribution[] = [];
  for (const term of scoreTerms) {
    const value = term.value(features, coordination);
    const contribution = (model.weights[term.name] ?? 0) * value;
    logit += contribution;
    if (contribution > 0.05) reasons.push({ term: term.name, value, contribution, explanation: term.explain(features, coordination) });
  }
  reasons.sort((left, right) => right.contribution - left.contribution);
  return { score: 1 / (1 + Math.exp(-logit)), reasons };
}
