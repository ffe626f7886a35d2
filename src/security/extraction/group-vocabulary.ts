import { recordFlags, type PromptRecord } from './subject-window.ts';

/** A shingle belongs to a group's vocabulary when it recurs in at least this share of the group's pooled queries. */
export const vocabularyShare = 0.03;
/** ...and in at least this many of them. */
const vocabularyMinimum = 4;
/** A query speaks a vocabulary when its frame sketch holds at least this many of its shingles. */
export const shinglesPerQuery = 2;

/**
 * The vocabulary of a group of coordinated keys: the skeleton shingles (as the frame sketches sample them) that
 * recur across its pooled queries. A campaign that paraphrases draws its wording from a finite pool of sentences,
 * so each sentence recurs too rarely to be a template (a fifth of the prompts) but often enough to be vocabulary;
 * the items it fills in (problems, questions) are too varied to recur.
 */
export function groupVocabulary(records: readonly PromptRecord[]): Set<number> {
  const counts = new Map<number, number>();
  let queries = 0;
  for (const record of records) {
    if (record.flags & recordFlags.continuation) continue;
    queries++;
    for (const shingle of record.frame) counts.set(shingle, (counts.get(shingle) ?? 0) + 1);
  }
  const threshold = Math.max(vocabularyMinimum, Math.ceil(queries * vocabularyShare));
  const vocabulary = new Set<number>();
  for (const [shingle, count] of counts) if (count >= threshold) vocabulary.add(shingle);
  return vocabulary;
}

/**
 * The share of a subject's queries that speak a group's vocabulary (at least {@link shinglesPerQuery} of its
 * shingles in the query's frame sketch). Continued turns are left out.
 */
export function vocabularyFit(records: Iterable<PromptRecord>, vocabulary: ReadonlySet<number>): number {
  let queries = 0;
  let speaking = 0;
  for (const record of records) {
    if (record.flags & recordFlags.continuation) continue;
    queries++;
    let found = 0;
    for (const shingle of record.frame) if (vocabulary.has(shingle) && ++found >= shinglesPerQuery) break;
    if (found >= shinglesPerQuery) speaking++;
  }
  return queries === 0 ? 0 : speaking / queries;
}
