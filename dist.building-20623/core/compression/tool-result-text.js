/**
 * The text of a tool result when it is text only: its string content, or its text parts joined. `undefined` when
 * the result carries an image, so nothing that rewrites text ever drops one.
 */
export function toolResultText(part) {
    if (typeof part.content === 'string')
        return part.content;
    let text = '';
    for (const item of part.content) {
        if (item.type !== 'text')
            return undefined;
        text += item.text;
    }
    return text;
}
//# sourceMappingURL=tool-result-text.js.map