import { detectFindings } from "../profile/detect-findings.js";
/**
 * A client's text as an error message may quote it: as written (JSON-quoted, or in single quotes when `quote` says
 * so) when it is at most `maxLength` characters and the detectors find nothing in it (a field name, an enumerated
 * word), otherwise by its length only. Error answers are read and often logged by the client's own tooling, and the
 * text could be a credential or personal data.
 */
export function shownText(text, maxLength = 40, quote = '"') {
    if (text.length > maxLength || detectFindings(text).length > 0)
        return `a text of ${text.length} characters`;
    return quote === '"' ? JSON.stringify(text) : `'${text}'`;
}
/**
 * A path into a JSON value as error messages write it, `messages[0].content`, each key as {@link shownText} would
 * allow it (otherwise `<key of N characters>`), so that a parameter named in an error never quotes a key that
 * holds data.
 */
export function jsonPath(path) {
    let text = '';
    for (const step of path) {
        if (typeof step === 'number') {
            text += `[${step}]`;
            continue;
        }
        const shown = step.length <= 64 && detectFindings(step).length === 0 ? step : `<key of ${step.length} characters>`;
        text += text === '' ? shown : `.${shown}`;
    }
    return text;
}
//# sourceMappingURL=shown-text.js.map