import { responsesDialectKey } from "./from-responses-input.js";
import { itemId } from "./normalise-input-items.js";
/** The id of the output item at `outputIndex` of a response: the same whether the answer is streamed or not. */
export function outputItemId(responseId, type, outputIndex) {
    return itemId(responseId, type, `o${outputIndex}`);
}
/** An assistant message item with one `output_text` part. */
export function messageItem(id, text, status) {
    return { type: 'message', id, status, role: 'assistant', content: [{ type: 'output_text', text, annotations: [], logprobs: [] }] };
}
/**
 * A tool call as the client declared the tool: a `function_call` (with its namespace when the tool was declared in
 * one), or a `custom_tool_call` whose `input` is the string the model put in the function's `input` argument.
 */
export function toolCallItem(responseId, outputIndex, call, origin, status) {
    const namespace = origin?.namespace ? { namespace: origin.namespace } : {};
    if (origin?.kind === 'custom') {
        return { type: 'custom_tool_call', id: outputItemId(responseId, 'custom_tool_call', outputIndex), call_id: call.id, name: origin.name, input: customInput(call.arguments), status, ...namespace };
    }
    return { type: 'function_call', id: outputItemId(responseId, 'function_call', outputIndex), call_id: call.id, name: origin?.name ?? call.name, arguments: call.arguments, status, ...namespace };
}
/** The string a custom tool receives: the `input` argument, or the model's raw text when it sent something else. */
function customInput(argumentsText) {
    try {
        const value = JSON.parse(argumentsText);
        if (typeof value === 'object' && value !== null && typeof value.input === 'string')
            return value.input;
    }
    catch {
        // The raw text is the best account of what the model sent.
    }
    return argumentsText;
}
/** A reasoning item: the one the client sent back, whole (encrypted content intact), else a summary of the text. */
export function reasoningItem(responseId, outputIndex, part) {
    const kept = part.providerOptions?.[responsesDialectKey]?.item;
    if (kept && typeof kept === 'object')
        return kept;
    return { type: 'reasoning', id: outputItemId(responseId, 'reasoning', outputIndex), summary: part.text === '' ? [] : [{ type: 'summary_text', text: part.text }] };
}
/**
 * A canonical answer as Responses output items, in order: a run of text parts is one message item, each tool call
 * one item, each reasoning part one item. When the answer was cut (`incomplete`), a trailing message says so (a
 * stream closes a tool call at its end, before it learns why the answer ended).
 */
export function toResponsesOutput(responseId, content, origins, incomplete) {
    const items = [];
    let text;
    const flush = () => {
        if (text === undefined)
            return;
        items.push(messageItem(outputItemId(responseId, 'message', items.length), text, 'completed'));
        text = undefined;
    };
    for (const part of content) {
        if (part.type === 'text') {
            // An empty text is no message (a stream sends no delta for it either).
            if (part.text !== '')
                text = (text ?? '') + part.text;
            continue;
        }
        flush();
        if (part.type === 'tool-call')
            items.push(toolCallItem(responseId, items.length, part, origins.get(part.name), 'completed'));
        else
            items.push(reasoningItem(responseId, items.length, part));
    }
    flush();
    const last = items.at(-1);
    if (incomplete && last?.type === 'message')
        last.status = 'incomplete';
    return items;
}
//# sourceMappingURL=to-responses-output.js.map