const contractions = {
    "n't": ['not'],
    "'re": ['are'],
    "'m": ['am'],
    "'ve": ['have'],
    "'ll": ['will'],
    "'d": ['would'],
    "'s": [],
};
const irregular = { wo: 'will', ca: 'can', sha: 'shall' };
const wordPattern = /[\p{L}\p{N}]+(?:[-.+#][\p{L}\p{N}]+)*[+#]*(?:['’][\p{L}]+)?/gu;
/**
 * Splits text into lower-case words the way word-vector vocabularies (GloVe and wink's) were built: letters and
 * digits, with hyphenated and dotted compounds kept whole (`e-commerce`, `node.js`, `c++`) and English
 * contractions expanded (`don't` → `do not`, `can't` → `can not`, `it's` → `it`). Punctuation is dropped.
 */
export function tokeniseWords(text) {
    const words = [];
    for (const match of text.toLowerCase().matchAll(wordPattern)) {
        let word = match[0].replace(/’/g, "'");
        const apostrophe = word.indexOf("'");
        let tail = [];
        if (apostrophe > 0) {
            const suffix = word.endsWith("n't") ? "n't" : word.slice(apostrophe);
            const expansion = contractions[suffix];
            if (expansion) {
                tail = expansion;
                word = word.slice(0, word.length - suffix.length);
                word = irregular[word] !== undefined && suffix === "n't" ? irregular[word] : word;
            }
        }
        if (word !== '')
            words.push(word);
        words.push(...tail);
    }
    return words;
}
//# sourceMappingURL=tokenise-words.js.map