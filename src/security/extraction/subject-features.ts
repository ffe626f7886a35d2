import { capabilityAreaNames } from './phrase-lexicon.ts';
import { shapiroWilk } from './shapiro-wilk.ts';
import { hourOf, recordFlags, type PromptRecord, type SubjectWindow } from './subject-window.ts';
import { interArrivalCv, median } from './window-statistics.ts';

/** A model's release: when it became available (ms since the epoch). */
export interface ModelRelease {
  model: number;
  at: number;
}

/** The signals of one subject over its window; every share is of its queries (continued turns left out). */
export interface SubjectFeatures {
  /** Records in the window. */
  records: number;
  /** Queries in the window: records that are neither continued turns nor empty. */
  queries: number;
  /** Requests in the last 24 hours (extrapolated to a day while the subject is younger than that). */
  requestsPerDay: number;
  /** The share of hours with a request, over the last 48 hours or since the subject was first seen. */
  activeHours: number;
  /** The share of queries that carry the subject's template (shingles in at least a fifth of its queries). */
  templateShare: number;
  /** The template's shingles (as sampled by the frame sketches): its size. */
  templateShingles: number;
  /** The share of queries close to an earlier one in structure (frame similarity >= 0.5) but not identical. */
  nearDuplicateShare: number;
  /** The share of queries identical in skeleton to an earlier one. */
  repeatShare: number;
  reasoningShare: number;
  rubricShare: number;
  /** The share of the most frequent capability area other than `general`. */
  narrowness: number;
  /** That area's name. */
  topArea: string;
  /** The share of queries whose content is new to the subject (content similarity to every earlier one < 0.3). */
  novelty: number;
  /** Median output tokens per input token, over answered requests. */
  outputInputRatio: number;
  /** Mean output tokens over answered requests. */
  outputTokens: number;
  /** Coefficient of variation of the gaps between requests (NaN with fewer than 3). */
  interArrivalCv: number;
  /** Shapiro-Wilk W of the queries' minimum frame distances (PRADA's statistic; NaN with fewer than 12). */
  pradaW: number;
  /** The share of traffic on a model released in the last 72 hours, in the day after its release (0 if none). */
  releaseShift: number;
  /** The share of records that continue a conversation. */
  continuationShare: number;
}

/** The template of a window: shingles that recur across its queries. */
export interface WindowTemplate {
  shingles: Uint32Array;
}

const minimumTemplateQueries = 3;
const templateFrequency = 0.2;

/**
 * Shingle hashes present in at least a fifth of the queries (and at least three): the part of the prompts that
 * stays when the slots change. Frame sketches are bottom-k samples taken the same way for every prompt, so a
 * template shingle with a low hash is kept by every prompt that carries it.
 */
export function windowTemplate(queries: readonly PromptRecord[]): Uint32Array {
  const counts = new Map<number, number>();
  for (const record of queries) for (const shingle of record.frame) counts.set(shingle, (counts.get(shingle) ?? 0) + 1);
  const threshold = Math.max(minimumTemplateQueries, Math.ceil(queries.length * templateFrequency));
  const template: number[] = [];
  for (const [shingle, count] of counts) if (count >= threshold) template.push(shingle);
  return Uint32Array.from(template).sort();
}

const isQuery = (record: PromptRecord) => (record.flags & recordFlags.continuation) === 0;

export interface FeatureContext {
  /** Releases to look for a reaction to. */
  releases: readonly ModelRelease[];
  /** The time of the evaluation (ms). */
  now: number;
}

/** Computes a subject's signals from its window's records (or from records pooled across a cluster's keys). */
export function computeFeatures(records: readonly PromptRecord[], window: SubjectWindow | undefined, context: FeatureContext): { features: SubjectFeatures; template: Uint32Array } {
  const queries = records.filter(isQuery);
  const template = windowTemplate(queries);
  const templateSet = new Set(template);
  let templated = 0;
  let near = 0;
  let repeats = 0;
  let reasoning = 0;
  let rubric = 0;
  let novel = 0;
  const areaCounts = new Array<number>(capabilityAreaNames.length).fill(0);
  for (const record of queries) {
    if (template.length > 0 && record.frame.some((shingle) => templateSet.has(shingle))) templated++;
    const repeat = (record.flags & recordFlags.repeat) !== 0;
    if (repeat) repeats++;
    else if (record.frameDistance <= 0.5) near++;
    if (record.flags & recordFlags.reasoning) reasoning++;
    if (record.flags & recordFlags.rubric) rubric++;
    if (record.contentSimilarity < 0.3) novel++;
    areaCounts[record.area]!++;
  }
  // The most frequent area other than `general` (index 0); `general` itself when no other area occurs.
  let topArea = 0;
  for (let area = 1; area < areaCounts.length; area++) if (areaCounts[area]! > (topArea === 0 ? 0 : areaCounts[topArea]!)) topArea = area;
  const answered = records.filter((record) => (record.flags & recordFlags.refused) === 0 && record.outputTokens > 0);
  const share = (count: number) => (queries.length === 0 ? 0 : count / queries.length);
  const times = records.map((record) => record.time);
  const pradaDistances = queries.map((record) => record.frameDistance).slice(1);
  const features: SubjectFeatures = {
    records: records.length,
    queries: queries.length,
    requestsPerDay: window ? requestsPerDay(window, context.now) : records.length,
    activeHours: window ? activeHours(window, context.now) : 0,
    templateShare: share(templated),
    templateShingles: template.length,
    nearDuplicateShare: share(near),
    repeatShare: share(repeats),
    reasoningShare: share(reasoning),
    rubricShare: share(rubric),
    narrowness: topArea === 0 ? 0 : share(areaCounts[topArea]!),
    topArea: capabilityAreaNames[topArea]!,
    novelty: share(novel),
    outputInputRatio: answered.length === 0 ? 0 : median(answered.map((record) => record.outputTokens / Math.max(1, record.inputTokens))),
    outputTokens: answered.length === 0 ? 0 : answered.reduce((sum, record) => sum + record.outputTokens, 0) / answered.length,
    interArrivalCv: interArrivalCv(times),
    pradaW: pradaDistances.length >= 12 ? shapiroWilk(pradaDistances).w : Number.NaN,
    releaseShift: window ? releaseShift(window, context) : 0,
    continuationShare: records.length === 0 ? 0 : (records.length - queries.length) / records.length,
  };
  return { features, template };
}

/** Requests in the last 24 hours, extrapolated to a day while the subject is younger than that. */
export function requestsPerDay(window: SubjectWindow, now: number): number {
  const hour = Math.max(window.currentHour, hourOf(now));
  const lastDay = window.requestsBetween(hour - 23, hour + 1);
  const hoursSeen = Math.max(1, (Math.max(now, window.lastSeen) - window.firstSeen) / 3_600_000);
  return hoursSeen >= 24 ? lastDay : (lastDay * 24) / hoursSeen;
}

function activeHours(window: SubjectWindow, now: number): number {
  const hour = Math.max(window.currentHour, hourOf(now));
  const span = Math.min(48, hour - hourOf(window.firstSeen) + 1);
  if (span < 6) return 0;
  let active = 0;
  for (let offset = 0; offset < span; offset++) if (window.requestsBetween(hour - offset, hour - offset + 1) > 0) active++;
  return active / span;
}

/**
 * The reaction to a release: for each model released in the last 72 hours (and at least an hour ago), the share
 * of the subject's requests in the day after the release that went to the new model, provided it sent at least
 * 10 requests in the day before (a new subject has no traffic to move) and 10 since. The highest such share.
 */
function releaseShift(window: SubjectWindow, context: FeatureContext): number {
  let highest = 0;
  const nowHour = hourOf(context.now);
  for (const release of context.releases) {
    const releaseHour = hourOf(release.at);
    if (nowHour - releaseHour < 1 || nowHour - releaseHour > 72) continue;
    const before = window.requestsBetween(releaseHour - 24, releaseHour);
    if (before < 10) continue;
    const end = Math.min(nowHour + 1, releaseHour + 24);
    const after = window.requestsBetween(releaseHour, end);
    if (after < 10) continue;
    highest = Math.max(highest, window.requestsBetween(releaseHour, end, release.model) / after);
  }
  return highest;
}
