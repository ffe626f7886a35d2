import { hashSequence, type KeyedHasher } from './keyed-hash.ts';

/** What a masked span of a prompt was: its slot filler is replaced by the kind, so templates line up. */
export type SkeletonMask = 'num' | 'quote' | 'code' | 'url' | 'email' | 'name';

/** The placeholder text of each mask, as {@link skeletonTokens} returns it. */
export const maskTokens: Readonly<Record<SkeletonMask, string>> = {
  num: '<num>',
  quote: '<quote>',
  code: '<code>',
  url: '<url>',
  email: '<email>',
  name: '<name>',
};

/**
 * One pass over a prompt: code blocks, inline code, URLs, e-mail addresses, quoted spans, numbers, words and
 * sentence boundaries, in that order of precedence. Letters and marks of any script make words.
 */
const tokenPattern =
  /(```[\s\S]*?(?:```|$))|(`[^`\n]{1,400}`)|(https?:\/\/[^\s<>"')\]]+)|([\w.+-]+@[\w-]+(?:\.[\w-]+)+)|("[^"\n]{1,400}"|“[^”\n]{1,400}”|«[^»\n]{1,400}»)|(\p{N}+(?:[.,:/]\p{N}+)*%?)|([\p{L}\p{M}][\p{L}\p{M}'’]*)|([.!?;:\n])/gu;

const maskByGroup: Array<SkeletonMask | undefined> = [undefined, 'code', 'code', 'url', 'email', 'quote', 'num'];

/** Most characters of a prompt read: the first `headChars` and the last `tailChars` (templates sit at the ends). */
export const skeletonHeadChars = 6000;
export const skeletonTailChars = 2000;
/** Most tokens kept: the first 300 and the last 100. */
export const skeletonMaxTokens = 400;
const tailTokens = 100;

/**
 * Walks the skeleton of `text`: calls `onWord(start, end)` for a word (the caller reads it from the lower-cased
 * text) and `onMask(kind)` for a masked span. A capitalised word that does not start a sentence is taken for a
 * name and masked (`<name>`); so are numbers, quoted spans, code, URLs and e-mail addresses: what remains is the
 * prompt's structure with its slots emptied.
 */
function walkSkeleton(text: string, lower: string, onWord: (start: number, end: number) => void, onMask: (kind: SkeletonMask) => void): void {
  const pattern = new RegExp(tokenPattern.source, tokenPattern.flags);
  let sentenceStart = true;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    let group = 1;
    while (group < 8 && match[group] === undefined) group++;
    if (group === 8) {
      sentenceStart = true;
      continue;
    }
    if (group === 7) {
      const start = match.index;
      const end = start + match[0].length;
      const first = text.charCodeAt(start);
      const capitalised = first !== lower.charCodeAt(start);
      // A capital inside a sentence marks a name (a single "I" is the pronoun).
      if (capitalised && !sentenceStart && end - start > 1) onMask('name');
      else onWord(start, end);
    } else {
      onMask(maskByGroup[group]!);
    }
    sentenceStart = false;
  }
}

/** The part of a long prompt that is read: its head and its tail. */
function boundedText(text: string): string {
  if (text.length <= skeletonHeadChars + skeletonTailChars) return text;
  return `${text.slice(0, skeletonHeadChars)}\n${text.slice(text.length - skeletonTailChars)}`;
}

/** The skeleton as readable tokens (lower-case words and `<mask>` placeholders): for tests and for building lexicons. */
export function skeletonTokens(text: string): string[] {
  const bounded = boundedText(text);
  const lower = bounded.toLowerCase();
  const tokens: string[] = [];
  walkSkeleton(bounded, lower, (start, end) => tokens.push(lower.slice(start, end)), (kind) => tokens.push(maskTokens[kind]));
  return keepEnds(tokens);
}

function keepEnds<Item>(tokens: Item[]): Item[] {
  if (tokens.length <= skeletonMaxTokens) return tokens;
  return [...tokens.slice(0, skeletonMaxTokens - tailTokens), ...tokens.slice(tokens.length - tailTokens)];
}

/** A prompt skeleton as keyed word hashes: what leaves the request path (never the words). */
export interface SkeletonFingerprint {
  /** Keyed hashes of the skeleton's tokens, in order (masks hash to fixed values). */
  words: Uint32Array;
  /** The hash of the whole token sequence: equal for prompts that differ only in their masked slots. */
  hash: number;
}

/** The hash a word of the skeleton gets (lower-case), the same as in {@link skeletonWordHashes}. */
export function wordHash(hasher: KeyedHasher, word: string): number {
  return hasher.text(word);
}

/** The hash a mask gets in {@link skeletonWordHashes}. */
export function maskHash(hasher: KeyedHasher, kind: SkeletonMask): number {
  return hasher.text(maskTokens[kind]);
}

/**
 * The skeleton fingerprint of `text`: the same tokens as {@link skeletonTokens}, each hashed with the key. One
 * regular-expression pass and one hash per token; a prompt of any length costs at most
 * `skeletonHeadChars + skeletonTailChars` characters.
 */
export function skeletonWordHashes(text: string, hasher: KeyedHasher): SkeletonFingerprint {
  const bounded = boundedText(text);
  const lower = bounded.toLowerCase();
  const hashes: number[] = [];
  const masks = maskHashes(hasher);
  walkSkeleton(
    bounded,
    lower,
    (start, end) => hashes.push(hasher.text(lower, start, end)),
    (kind) => hashes.push(masks[kind]),
  );
  const words = Uint32Array.from(keepEnds(hashes));
  return { words, hash: hashSequence(0x5eed, words, 0, words.length) };
}

const maskCache = new WeakMap<KeyedHasher, Record<SkeletonMask, number>>();

function maskHashes(hasher: KeyedHasher): Record<SkeletonMask, number> {
  let cached = maskCache.get(hasher);
  if (!cached) {
    cached = { num: 0, quote: 0, code: 0, url: 0, email: 0, name: 0 };
    for (const kind of Object.keys(maskTokens) as SkeletonMask[]) cached[kind] = maskHash(hasher, kind);
    maskCache.set(hasher, cached);
  }
  return cached;
}
