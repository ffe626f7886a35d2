/**
 * Conservative whitespace normalisation for instruction text (system prompts, tool descriptions). Exactly two
 * things change, and only outside fenced code blocks (``` or ~~~ fences, CommonMark §4.5), which are kept byte
 * for byte together with their fence lines:
 *
 * 1. trailing spaces, tabs and carriage returns at the end of a line are removed (so CRLF becomes LF);
 * 2. a run of two or more blank lines becomes one blank line.
 *
 * Indentation, spaces inside lines and every non-whitespace character are untouched. The one markdown construct
 * this can alter is a "hard line break" written as two trailing spaces, which becomes a plain line break: the same
 * line structure for a model reading the raw text. Not applied to user or assistant messages, nor to tool results
 * (they may be file contents, diffs or program output, where whitespace is data). Idempotent; returns the same
 * string when nothing changes.
 * @see https://spec.commonmark.org/0.31.2/#fenced-code-blocks
 */
export function normalizeWhitespace(text) {
    if (!mayNeedNormalizing(text))
        return text;
    // A final newline ends the last line; it does not start a blank one.
    const endsWithNewline = text.endsWith('\n');
    const lines = text.split('\n');
    if (endsWithNewline)
        lines.pop();
    const kept = [];
    let fence;
    let blankRun = 0;
    for (const line of lines) {
        if (fence) {
            kept.push(line);
            if (closesFence(line, fence))
                fence = undefined;
            continue;
        }
        const opening = openingFence(line);
        if (opening) {
            fence = opening;
            blankRun = 0;
            kept.push(line);
            continue;
        }
        const trimmed = trimLineEnd(line);
        if (trimmed === '') {
            blankRun++;
            if (blankRun > 1)
                continue;
        }
        else {
            blankRun = 0;
        }
        kept.push(trimmed);
    }
    const result = kept.join('\n') + (endsWithNewline ? '\n' : '');
    return result === text ? text : result;
}
/** A quick check so the common clean text is not split: trailing blanks before a newline, or a blank-line run. */
function mayNeedNormalizing(text) {
    return /[ \t\r]\n|[ \t\r]$|(?:^|\n)[ \t\r]*\n[ \t\r]*\n/.test(text);
}
function trimLineEnd(line) {
    let end = line.length;
    while (end > 0) {
        const code = line.charCodeAt(end - 1);
        if (code !== 0x20 && code !== 0x09 && code !== 0x0d)
            break;
        end--;
    }
    return end === line.length ? line : line.slice(0, end);
}
const fencePattern = /^ {0,3}(`{3,}|~{3,})/;
function openingFence(line) {
    const match = fencePattern.exec(line);
    if (!match)
        return undefined;
    const run = match[1];
    // A backtick fence's info string may not contain backticks (CommonMark §4.5).
    if (run[0] === '`' && line.slice(match[0].length).includes('`'))
        return undefined;
    return { char: run[0], length: run.length };
}
function closesFence(line, fence) {
    const match = /^ {0,3}(`{3,}|~{3,})[ \t\r]*$/.exec(line);
    if (!match)
        return false;
    const run = match[1];
    return run[0] === fence.char && run.length >= fence.length;
}
//# sourceMappingURL=normalize-whitespace.js.map