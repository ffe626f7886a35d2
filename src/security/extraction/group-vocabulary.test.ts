import { describe, expect, it } from 'vitest';
import { createCoordinationIndex } from './coordination-index.ts';
import { groupVocabulary, vocabularyFit } from './group-vocabulary.ts';
import { recordFlags, type PromptRecord } from './subject-window.ts';

const record = (frame: number[], flags = 0): PromptRecord => ({
  time: 0,
  model: 0,
  inputTokens: 10,
  outputTokens: 10,
  flags,
  area: 0,
  promptHash: frame[0] ?? 0,
  frame: Uint32Array.from(frame).sort(),
  content: new Uint32Array(0),
  frameDistance: 1,
  contentSimilarity: 0,
});

/** A paraphrasing campaign: every prompt picks 2 of 12 pooled phrasings (100-111) and 3 item shingles never seen again. */
function campaignPrompts(count: number, start: number): PromptRecord[] {
  return Array.from({ length: count }, (_, index) => record([100 + ((index * 5) % 12), 100 + ((index * 7 + 3) % 12), start + index * 3, start + index * 3 + 1, start + index * 3 + 2]));
}

describe('group vocabulary', () => {
  it('keeps the phrasings a campaign recurs to and leaves out the items it fills in', () => {
    const vocabulary = groupVocabulary(campaignPrompts(200, 10_000));
    expect([...vocabulary].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, index) => 100 + index));
  });

  it('needs a shingle in at least 3% of the queries and 4 of them, and skips continued turns', () => {
    const rare = [...campaignPrompts(200, 10_000), ...Array.from({ length: 5 }, () => record([7]))];
    expect(groupVocabulary(rare).has(7)).toBe(false);
    const continued = [...campaignPrompts(20, 10_000), ...Array.from({ length: 10 }, () => record([7], recordFlags.continuation))];
    expect(groupVocabulary(continued).has(7)).toBe(false);
    expect(groupVocabulary([record([7]), record([7]), record([7]), record([7])]).has(7)).toBe(true);
  });

  it('measures the share of queries that carry at least two of its shingles', () => {
    const vocabulary = groupVocabulary(campaignPrompts(200, 10_000));
    expect(vocabularyFit(campaignPrompts(40, 50_000), vocabulary)).toBe(1);
    const other = Array.from({ length: 40 }, (_, index) => record([60_000 + index * 4, 60_001 + index * 4, index % 2 === 0 ? 100 : 60_002 + index * 4]));
    expect(vocabularyFit(other, vocabulary)).toBe(0);
    expect(vocabularyFit([record([100, 101]), record([100, 5]), record([100, 101], recordFlags.continuation)], vocabulary)).toBe(0.5);
    expect(vocabularyFit([], vocabulary)).toBe(0);
  });
});

describe('coordination link', () => {
  it('joins two keys on evidence the detector found and says which kind', () => {
    const index = createCoordinationIndex();
    index.observe('a', 'tenant-a', 'network', 'n1');
    expect(index.clusterOf('lonely')).toBeUndefined();
    index.link('lonely', 'a', 'vocabulary');
    expect(index.clusterOf('lonely')?.members).toEqual(expect.arrayContaining(['a', 'lonely']));
    expect(index.sharedKinds('lonely').vocabulary).toBe(1);
    index.link('a', 'a', 'vocabulary');
    expect(index.clusterOf('a')?.members.length).toBe(2);
    // Evidence survives a rebuild while both keys are active, and goes with a key that is not.
    index.rebuild(() => true);
    expect(index.clusterOf('lonely')?.members.length).toBe(2);
    index.rebuild((key) => key !== 'a');
    expect(index.clusterOf('lonely')).toBeUndefined();
  });
});
