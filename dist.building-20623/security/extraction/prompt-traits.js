import { hashSequence } from "./keyed-hash.js";
import { bottomK } from "./min-hash.js";
import { capabilityAreaNames, capabilityAreas, reasoningPhrases, rubricPhrases, stopwords } from "./phrase-lexicon.js";
import { maskHash, maskTokens, skeletonTokens, wordHash } from "./prompt-skeleton.js";
/** Sketch sizes: shingles of the skeleton (the frame) and content words kept per prompt. */
export const frameSketchSize = 24;
export const contentSketchSize = 12;
const longestPhrase = 4;
const shingleSeed = 0x5117;
function tokenHashes(hasher, text) {
    const masks = new Map(Object.entries(maskTokens).map(([kind, token]) => [token, maskHash(hasher, kind)]));
    return skeletonTokens(text).map((token) => masks.get(token) ?? wordHash(hasher, token));
}
function phraseSets(hasher, phrases) {
    const sets = Array.from({ length: longestPhrase + 1 }, () => new Set());
    for (const phrase of phrases) {
        const hashes = tokenHashes(hasher, phrase);
        if (hashes.length === 0 || hashes.length > longestPhrase)
            throw new RangeError(`lexicon phrase "${phrase}" must have 1 to ${longestPhrase} tokens`);
        sets[hashes.length].add(hashes.length === 1 ? hashes[0] : hashSequence(hashes.length, hashes, 0, hashes.length));
    }
    return sets;
}
/** Compiles the lexicons once per key. */
export function compilePromptLexicon(hasher) {
    const areaOf = new Map();
    capabilityAreaNames.forEach((area, index) => {
        for (const word of capabilityAreas[area])
            areaOf.set(wordHash(hasher, word), index);
    });
    return {
        stop: new Set(stopwords.map((word) => wordHash(hasher, word))),
        masks: new Set(Object.keys(maskTokens).map((kind) => maskHash(hasher, kind))),
        numberHash: maskHash(hasher, 'num'),
        reasoning: phraseSets(hasher, reasoningPhrases),
        rubric: phraseSets(hasher, rubricPhrases),
        areaOf,
    };
}
function matchesPhrase(words, sets) {
    for (let start = 0; start < words.length; start++) {
        if (sets[1].has(words[start]))
            return true;
        for (let length = 2; length <= longestPhrase && start + length <= words.length; length++) {
            if (sets[length].size > 0 && sets[length].has(hashSequence(length, words, start, length)))
                return true;
        }
    }
    return false;
}
/**
 * The traits of one prompt from its skeleton fingerprint (`skeletonWordHashes`). `hasTools`: the request offered
 * tools, which points to the agentic area.
 */
export function promptTraits(words, lexicon, hasTools = false) {
    const shingles = [];
    const content = [];
    const areaCounts = new Array(capabilityAreaNames.length).fill(0);
    let numbers = 0;
    for (let index = 0; index < words.length; index++) {
        const word = words[index];
        if (word === lexicon.numberHash)
            numbers++;
        const area = lexicon.areaOf.get(word);
        if (area !== undefined)
            areaCounts[area]++;
        if (!lexicon.stop.has(word) && !lexicon.masks.has(word))
            content.push(word);
        if (index + 3 <= words.length && !(lexicon.stop.has(word) && lexicon.stop.has(words[index + 1]) && lexicon.stop.has(words[index + 2]))) {
            shingles.push(hashSequence(shingleSeed, words, index, 3));
        }
    }
    if (words.length > 0 && words.length < 3)
        shingles.push(hashSequence(shingleSeed, words, 0, words.length));
    if (words.length >= 8 && numbers / words.length >= 0.06)
        areaCounts[capabilityAreaNames.indexOf('math')] += 2;
    if (hasTools)
        areaCounts[capabilityAreaNames.indexOf('agentic')] += 3;
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
//# sourceMappingURL=prompt-traits.js.map