import { placeholderFor } from "./placeholder.js";
import { pseudonymFor } from "./pseudonym.js";
import { Restorer } from "./restorer.js";
import { createTokenReplacer } from "./token-replacer.js";
/** Everything a detector found except classification markings: personal data and credentials. */
export function isRedactableFinding(finding) {
    return finding.kind !== 'classification-marking';
}
/**
 * Replaces every personal value and credential found in a request's texts with a stable token: the same value
 * gets the same token wherever it appears in the request, numbered per kind in order of first appearance, so a
 * conversation whose history is resent turn after turn keeps its tokens. Besides the found positions, every other
 * occurrence of a found value is replaced too. A token never collides with text already there nor contains a
 * value. The result is checked before it is returned: no value remains and the restorer gives back exactly the
 * original texts; a pseudonym that fails the check falls back to placeholders. Throws only if placeholders fail it
 * too, which no detector output can cause (the caller then refuses the request).
 * @param findings positions in `texts` (`text` is the index), as the profile reports them, in order
 */
export function redactTexts(texts, findings, mode = 'placeholder') {
    const redactable = mergeOverlapping(findings.filter(isRedactableFinding));
    if (redactable.length === 0)
        return { texts: [...texts], restorer: new Restorer(new Map()) };
    const attempt = tryRedact(texts, redactable, mode);
    if (attempt !== undefined)
        return attempt;
    const fallback = mode === 'pseudonym' ? tryRedact(texts, redactable, 'placeholder') : undefined;
    if (fallback !== undefined)
        return fallback;
    throw new Error('redaction could not replace every detected value');
}
/**
 * Findings may overlap (a value found in a decoded view covers its whole encoded run, which may contain another
 * finding): per text, in order of position, overlapping findings become one span with the kind of the first.
 */
export function mergeOverlapping(findings) {
    const sorted = [...findings].sort((first, second) => first.text - second.text || first.start - second.start || second.end - first.end);
    const merged = [];
    for (const finding of sorted) {
        const last = merged[merged.length - 1];
        if (last !== undefined && last.text === finding.text && finding.start < last.end) {
            if (finding.end > last.end)
                merged[merged.length - 1] = { ...last, end: finding.end };
            continue;
        }
        merged.push({ kind: finding.kind, start: finding.start, end: finding.end, text: finding.text });
    }
    return merged;
}
function tryRedact(texts, findings, mode) {
    const kinds = new Map();
    for (const finding of findings) {
        const value = texts[finding.text].slice(finding.start, finding.end);
        if (!kinds.has(value))
            kinds.set(value, finding.kind);
    }
    const tokens = assignTokens(kinds, texts.join('\u0000'), mode);
    const others = createTokenReplacer(tokens);
    const redacted = texts.map((text, index) => {
        let output = '';
        let from = 0;
        for (const finding of findings) {
            if (finding.text !== index)
                continue;
            output += others.replace(text.slice(from, finding.start)) + tokens.get(text.slice(finding.start, finding.end));
            from = finding.end;
        }
        return from === 0 ? others.replace(text) : output + others.replace(text.slice(from));
    });
    const originals = new Map();
    for (const [value, token] of tokens)
        originals.set(token, value);
    const restorer = new Restorer(originals);
    for (let index = 0; index < texts.length; index++) {
        const text = redacted[index];
        for (const value of tokens.keys())
            if (text.includes(value))
                return undefined;
        if (restorer.restoreText(text) !== texts[index])
            return undefined;
    }
    return { texts: redacted, restorer };
}
/** One token per distinct value: never one already in the texts, never one that contains a value. */
function assignTokens(kinds, joined, mode) {
    const tokens = new Map();
    const used = new Set();
    const next = new Map();
    const values = [...kinds.keys()];
    for (const [value, kind] of kinds) {
        let ordinal = next.get(kind) ?? 1;
        let token;
        do {
            token = (mode === 'pseudonym' ? pseudonymFor(kind, ordinal) : undefined) ?? placeholderFor(kind, ordinal);
            ordinal++;
        } while (used.has(token) || joined.includes(token) || values.some((known) => token.includes(known)));
        next.set(kind, ordinal);
        used.add(token);
        tokens.set(value, token);
    }
    return tokens;
}
//# sourceMappingURL=redact-texts.js.map