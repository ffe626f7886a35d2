/**
 * Builds a replacer from `token → replacement`. Empty tokens are ignored. `encode` transforms each replacement as
 * it is inserted (e.g. escaping for a JSON string).
 */
export function createTokenReplacer(replacements, encode = (value) => value) {
    /** Tokens by first character, longest first. */
    const byFirst = new Map();
    const inserted = new Map();
    for (const [token, replacement] of replacements) {
        if (token === '')
            continue;
        const first = token[0];
        const list = byFirst.get(first) ?? [];
        list.push(token);
        byFirst.set(first, list);
        inserted.set(token, encode(replacement));
    }
    for (const list of byFirst.values())
        list.sort((left, right) => right.length - left.length);
    /**
     * Replaces from the start of `text`. Unless `final`, stops at the first position whose remainder is a proper
     * prefix of a token (it may still become one) and reports it as `held`.
     */
    function scan(text, final) {
        if (byFirst.size === 0)
            return { output: text, held: text.length };
        let output = '';
        let copiedFrom = 0;
        for (let index = 0; index < text.length; index++) {
            const candidates = byFirst.get(text[index]);
            if (candidates === undefined)
                continue;
            const remaining = text.length - index;
            let matched;
            let pending = false;
            for (const token of candidates) {
                if (token.length > remaining) {
                    if (!final && !pending && token.startsWith(text.slice(index)))
                        pending = true;
                    continue;
                }
                if (text.startsWith(token, index)) {
                    matched = token;
                    break;
                }
            }
            if (pending)
                return { output: output + text.slice(copiedFrom, index), held: index };
            if (matched === undefined)
                continue;
            output += text.slice(copiedFrom, index) + inserted.get(matched);
            index += matched.length - 1;
            copiedFrom = index + 1;
        }
        return { output: output + text.slice(copiedFrom), held: text.length };
    }
    return {
        replace: (text) => scan(text, true).output,
        stream() {
            let buffer = '';
            return {
                push(chunk) {
                    buffer += chunk;
                    const { output, held } = scan(buffer, false);
                    buffer = buffer.slice(held);
                    return output;
                },
                flush() {
                    const { output } = scan(buffer, true);
                    buffer = '';
                    return output;
                },
            };
        },
    };
}
//# sourceMappingURL=token-replacer.js.map