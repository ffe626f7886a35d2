/**
 * Deterministic pseudo-random English-like text. Nothing here reads the clock or `Math.random`: the same key
 * always gives the same words, so tests can compare answers byte for byte.
 */
const vocabulary = ('the a of and to in is that for it as with was on be by this are from at or an have not they which one you ' +
    'all were we when there can more if out so what up about into than them only other new some could time these ' +
    'two may then first any like now over such our even most made after also did many before must through back ' +
    'years where much your way well down should because each just those people how too little state good very make ' +
    'world still own see men work long get here between both life being under never day same another know while ' +
    'last might great old year off come since against go came right used take three river garden morning window ' +
    'signal harbour lantern meadow copper silver quiet bright gentle steady careful simple ancient distant village ' +
    'market letter bridge forest mountain valley ocean island season winter summer autumn spring evening answer ' +
    'question number pattern measure balance record report account model gateway provider request policy').split(' ');
/** FNV-1a 32-bit hash of a string (UTF-16 code units). */
export function hashString(text) {
    let hash = 0x811c9dc5;
    for (let index = 0; index < text.length; index++) {
        hash ^= text.charCodeAt(index);
        hash = Math.imul(hash, 0x01000193);
    }
    return hash >>> 0;
}
/** A seeded generator of floats in [0, 1) (mulberry32). */
export function createRandom(seed) {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let value = state;
        value = Math.imul(value ^ (value >>> 15), value | 1);
        value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
        return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
    };
}
/** `length` lower-case hex digits derived from a key's hash, for deterministic ids. */
export function hexId(key, length = 24) {
    let id = '';
    let round = 0;
    while (id.length < length)
        id += hashString(`${round++}|${key}`).toString(16).padStart(8, '0');
    return id.slice(0, length);
}
/**
 * `count` words as sentences: a capital letter at each sentence start, a full stop every 6 to 12 words and at
 * the end. Returns the words with their punctuation, without separators.
 */
export function generateWords(key, count) {
    const random = createRandom(hashString(key));
    const words = [];
    let sentenceLeft = 0;
    for (let index = 0; index < count; index++) {
        let word = vocabulary[Math.floor(random() * vocabulary.length)] ?? 'word';
        if (sentenceLeft === 0) {
            sentenceLeft = 6 + Math.floor(random() * 7);
            word = word.charAt(0).toUpperCase() + word.slice(1);
        }
        sentenceLeft--;
        if (sentenceLeft === 0 || index === count - 1) {
            word += '.';
            sentenceLeft = 0;
        }
        words.push(word);
    }
    return words;
}
/** Joins words into stream chunks: the first as is, each next one with its leading space. */
export function wordsToChunks(words) {
    return words.map((word, index) => (index === 0 ? word : ` ${word}`));
}
/** Splits text into chunks of one whitespace-led word each; the chunks concatenate back to the text. */
export function splitIntoWordChunks(text) {
    return text.match(/\s*\S+\s*$|\s*\S+/g) ?? (text === '' ? [] : [text]);
}
/** Splits text into fragments of at most `size` code points (never inside a surrogate pair). */
export function splitIntoFragments(text, size) {
    const codePoints = Array.from(text);
    const fragments = [];
    for (let index = 0; index < codePoints.length; index += size)
        fragments.push(codePoints.slice(index, index + size).join(''));
    return fragments;
}
//# sourceMappingURL=text-generator.js.map