const idPrefixes = {
    message: 'msg',
    function_call: 'fc',
    function_call_output: 'fco',
    custom_tool_call: 'ctc',
    custom_tool_call_output: 'ctco',
    reasoning: 'rs',
    compaction: 'cmp',
};
/** An item id derived from the response id: `msg_<response suffix>_i3` for the fourth input item. */
export function itemId(responseId, type, position) {
    return `${idPrefixes[type]}_${responseId.replace(/^resp_/, '')}_${position}`;
}
/**
 * Input items as stored and listed (`GET /v1/responses/{id}/input_items`): every item gets an id (its own, or one
 * derived from the response id), messages get the item form (`type`, `status`, content parts even for a string).
 * Fields are otherwise as validated.
 */
export function normaliseInputItems(items, responseId) {
    return items.map((item, index) => {
        const id = item.id ?? itemId(responseId, item.type, `i${index}`);
        if (item.type !== 'message')
            return { ...item, id };
        const textType = item.role === 'assistant' ? 'output_text' : 'input_text';
        const content = typeof item.content === 'string' ? [{ type: textType, text: item.content }] : item.content;
        return { type: 'message', id, role: item.role, status: item.status ?? 'completed', content };
    });
}
//# sourceMappingURL=normalise-input-items.js.map