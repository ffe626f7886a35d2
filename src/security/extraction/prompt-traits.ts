import { hashSequence, type KeyedHasher } from './keyed-hash.ts';
import { bottomK } from './min-hash.ts';
import { capabilityAreaNames, capabilityAreas, reasoningPhrases, rubricPhrases, stopwords } from './phrase-lexicon.ts';
import { maskHash, maskTokens, skeletonTokens, wordHash, type SkeletonMask } from './prompt-skeleton.ts';

/** Sketch sizes: shingles of the skeleton (the frame) and content words kept per prompt. */
export const frameSketchSize = 24;
export const contentSketchSize = 12;
const longestPhrase = 4;
const shingleSeed = 0x5117;

/** Phrases by length (1 to 4 tokens), as keyed hashes of their token sequences. */
type PhraseSets = Array<Set<number>>;

/** The lexicons of `phrase-lexicon.ts` under one key: what {@link promptTraits} matches word hashes against. */
export interface PromptLexicon {
  stop: Set<number>;
  masks: Set<number>;
  numberHash: number;
  reasoning: PhraseSets;
  rubric: PhraseSets;
  /** Word hash to the index of its capability area in `capabilityAreaNames`. */
  areaOf: Map<number, number>;
}

function tokenHashes(hasher: KeyedHasher, text: string): number[] {
  const masks = new Map(Object.entries(maskTokens).map(([kind, token]) => [token, maskHash(hasher, kind as SkeletonMask)]));
  return skeletonTokens(text).map((token) => masks.get(token) ?? wordHash(hasher, token));
}

function phraseSets(hasher: KeyedHasher, phrases: readonly string[]): PhraseSets {
  const sets: PhraseSets = Array.from({ length: longestPhrase + 1 }, () => new Set<number>());
  for (const phrase of phrases) {
    const hashes = tokenHashes(hasher, phrase);
    if (hashes.length === 0 || hashes.length > longestPhrase) throw new RangeError(`lexicon phrase "${phrase}" must have 1 to ${longestPhrase} tokens`);
    sets[hashes.length]!.add(hashes.length === 1 ? hashes[0]! : hashSequence(hashes.length, hashes, 0, hashes.length));
  }
  return sets;
}

/** Compiles the lexicons once per key. */
export function compilePromptLexicon(hasher: KeyedHasher): PromptLexicon {
  const areaOf = new Map<number, number>();
  capabilityAreaNames.forEach((area, index) => {
    for (const word of capabilityAreas[area]) areaOf.set(wordHash(hasher, word), index);
  });
  return {
    stop: new Set(stopwords.map((word) => wordHash(hasher, word))),
    masks: new Set((Object.keys(maskTokens) as SkeletonMask[]).map((kind) => maskHash(hasher, kind))),
    numberHash: maskHash(hasher, 'num'),
    reasoning: phraseSets(hasher, reasoningPhrases),
    rubric: phraseSets(hasher, rubricPhrases),
    areaOf,
  };
}

/** What one prompt is like, from its skeleton's word hashes alone. */
export interface PromptTraits {
  /** Bottom-k sketch of the skeleton's word 3-grams (shingles of stopwords only left out): its structure. */
  frame: Uint32Array;
  /** Bottom-k sketch of its content words (neither stopwords nor masks): what it is about. */
  content: Uint32Array;
  /** Asks for the reasoning to be laid out. */
  reasoning: boolean;
  /** Asks for grading or scoring against criteria. */
  rubric: boolean;
  /** Index in `capabilityAreaNames`. */
  area: number;
}

function matchesPhrase(words: Uint32Array, sets: PhraseSets): boolean {
  for (let start = 0; start < words.length; start++) {
    if (sets[1]!.has(words[start]!)) return true;
    for (let length = 2; length <= longestPhrase && start + length <= words.length; length++) {
      if (sets[length]!.size > 0 && sets[length]!.has(hashSequence(length, words, start, length))) return true;
    }
  }
  return false;
}

/**
 * The traits of one prompt from its skeleton fingerprint (`skeletonWordHashes`). `hasTools`: the request offered
 * tools, which points to the agentic area.
 */
export function promptTraits(words: Uint32Array, lexicon: PromptLexicon, hasTools = false): PromptTraits {
  const shingles: number[] = [];
  const content: number[] = [];
  const areaCounts = new Array<number>(capabilityAreaNames.length).fill(0);
  let numbers = 0;
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    if (word === lexicon.numberHash) numbers++;
    const area = lexicon.areaOf.get(word);
    if (area !== undefined) areaCounts[area]!++;
    if (!lexicon.stop.has(word) && !lexicon.masks.has(word)) content.push(word);
    if (index + 3 <= words.length && !(lexicon.stop.has(word) && lexicon.stop.has(words[index + 1]!) && lexicon.stop.has(words[index + 2]!))) {
      shingles.push(hashSequence(shingleSeed, words, index, 3));
    }
  }
  if (words.length > 0 && words.length < 3) shingles.push(hashSequence(shingleSeed, words, 0, words.length));
  if (words.length >= 8 && numbers / words.length >= 0.06) areaCounts[capabilityAreaNames.indexOf('math')]! += 2;
  if (hasTools) areaCounts[capabilityAreaNames.indexOf('agentic')]! += 3;
  let area = 0;
  let best = 1;
  areaCounts.forEach((count, index) => {
    if (count > best) {
      best = count;
      area = index;
    }
  });
  return {
    frame: bottomK(shingles, frameSketchSize),
    content: bottomK(content, contentSketchSize),
    reasoning: matchesPhrase(words, lexicon.reasoning),
    rubric: matchesPhrase(words, lexicon.rubric),
    area,
  };
}
