import { createTokenReplacer } from "./token-replacer.js";
/** Escapes a restored value for the inside of a JSON string: quotes and control characters (a PEM key's line breaks). */
function escapeForJsonString(value) {
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
    return value.replace(/["\u0000-\u001f]/g, (character) => {
        switch (character) {
            case '"':
                return '\\"';
            case '\n':
                return '\\n';
            case '\r':
                return '\\r';
            case '\t':
                return '\\t';
            default:
                return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
        }
    });
}
/**
 * Turns the placeholders (or pseudonyms) of one request back into the values they stand for, in a model's answer:
 * whole texts, tool-call arguments (JSON text, so values are escaped for a JSON string) and streams, where a
 * placeholder may arrive split across chunks (`[EMA` + `IL_1]`).
 *
 * The mapping lives in private fields for the duration of one request: it is never logged, serialised or stored
 * (`JSON.stringify` of a restorer gives only how many values it holds).
 */
export class Restorer {
    #text;
    #json;
    /** How many distinct values the request's texts had replaced. */
    size;
    constructor(originalsByToken) {
        this.#text = createTokenReplacer(originalsByToken);
        this.#json = createTokenReplacer(originalsByToken, escapeForJsonString);
        this.size = originalsByToken.size;
    }
    /** Restores a complete text. */
    restoreText(text) {
        return this.#text.replace(text);
    }
    /** Restores complete tool-call arguments (JSON text). */
    restoreJson(text) {
        return this.#json.replace(text);
    }
    /** A streaming restorer for one stream of text deltas. */
    textStream() {
        return this.#text.stream();
    }
    /** A streaming restorer for one tool call's argument deltas. */
    jsonStream() {
        return this.#json.stream();
    }
    toJSON() {
        return { size: this.size };
    }
}
//# sourceMappingURL=restorer.js.map