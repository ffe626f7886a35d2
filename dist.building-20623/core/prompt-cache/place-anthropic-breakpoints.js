/**
 * Places Anthropic prompt-cache breakpoints (`cache_control: {type: 'ephemeral'}`) on the stable prefixes of a
 * canonical request, expressed as `providerOptions.anthropic.cache_control` on text parts, which the Anthropic
 * adapter copies onto the content block. Anthropic caches nothing without them. In order of placement:
 *
 * 1. `system`: the last non-empty system text. Anthropic's prefix runs tools, system, messages, so this caches the
 *    tools and the system prompt together, shared by every conversation that uses them.
 * 2. `last-turn`: the last markable block of the conversation, so the next turn (the same history plus new
 *    messages) reads the whole history from the cache and pays the write price only for what it adds.
 * 3. `previous-turn`: the last markable block before the latest assistant message, i.e. where the previous
 *    request's `last-turn` breakpoint was: an explicit anchor on the entry written one turn ago, so it is read even
 *    when a turn added more than the 20 blocks Anthropic looks back from a breakpoint.
 *
 * A markable block is a non-empty text part of a user, assistant or system message, or a tool result with text
 * (string content becomes one text part: the same tokens, Anthropic documents the string form as shorthand for a
 * single text block). Tool calls, images and empty tool results cannot carry a breakpoint in the canonical form,
 * so the nearest earlier markable block is used. Deterministic, pure, never mutates its input; changes no text.
 * @see https://platform.claude.com/docs/en/build-with-claude/prompt-caching (retrieved 2026-11-25)
 */
export function placeAnthropicCacheBreakpoints(request, options = {}) {
    const limit = Math.min(4, options.maxBreakpoints ?? 3);
    if ((options.respectClientBreakpoints ?? true) && countCacheBreakpoints(request) > 0)
        return { request, placed: [] };
    const messages = request.messages;
    const wanted = [];
    const add = (kind, messageIndex) => {
        if (messageIndex === undefined || wanted.length >= limit || wanted.some((placed) => placed.messageIndex === messageIndex))
            return;
        wanted.push({ kind, messageIndex });
    };
    add('system', lastIndex(messages, messages.length - 1, (message) => message.role === 'system' && markablePart(message) !== undefined));
    const lastTurn = lastIndex(messages, messages.length - 1, isMarkableTurn);
    add('last-turn', lastTurn);
    if (lastTurn !== undefined) {
        const assistant = lastIndex(messages, lastTurn - 1, (message) => message.role === 'assistant');
        if (assistant !== undefined)
            add('previous-turn', lastIndex(messages, assistant - 1, isMarkableTurn));
    }
    if (wanted.length === 0)
        return { request, placed: [] };
    const cacheControl = options.ttl === '1h' ? { type: 'ephemeral', ttl: '1h' } : { type: 'ephemeral' };
    const copy = messages.slice();
    for (const { messageIndex } of wanted)
        copy[messageIndex] = markMessage(copy[messageIndex], cacheControl);
    return { request: { ...request, messages: copy }, placed: wanted };
}
/** Counts the `cache_control` markers a request already carries on its text parts (tool-result text included). */
export function countCacheBreakpoints(request) {
    let count = 0;
    const visit = (part) => {
        if (part.providerOptions?.anthropic?.cache_control !== undefined)
            count++;
    };
    for (const message of request.messages) {
        for (const part of message.content) {
            if (part.type === 'text')
                visit(part);
            else if (part.type === 'tool-result' && typeof part.content !== 'string') {
                for (const item of part.content)
                    if (item.type === 'text')
                        visit(item);
            }
        }
    }
    return count;
}
function isMarkableTurn(message) {
    return message.role !== 'system' && markablePart(message) !== undefined;
}
function lastIndex(messages, from, predicate) {
    for (let index = from; index >= 0; index--)
        if (predicate(messages[index]))
            return index;
    return undefined;
}
/** Index of the last part of a message that can carry a breakpoint. */
function markablePart(message) {
    for (let index = message.content.length - 1; index >= 0; index--) {
        const part = message.content[index];
        if (part.type === 'text' && part.text !== '')
            return index;
        if (part.type === 'tool-result' && markableResultItem(part) !== undefined)
            return index;
    }
    return undefined;
}
/** For a tool result: -1 for non-empty string content, else the index of its last non-empty text item. */
function markableResultItem(part) {
    if (typeof part.content === 'string')
        return part.content === '' ? undefined : -1;
    const items = part.content;
    for (let index = items.length - 1; index >= 0; index--) {
        const item = items[index];
        if (item?.type === 'text' && item.text !== '')
            return index;
    }
    return undefined;
}
function withCacheControl(part, cacheControl) {
    return { ...part, providerOptions: { ...part.providerOptions, anthropic: { ...part.providerOptions?.anthropic, cache_control: cacheControl } } };
}
function markMessage(message, cacheControl) {
    const index = markablePart(message);
    const content = message.content.slice();
    const part = content[index];
    if (part.type === 'text') {
        content[index] = withCacheControl(part, cacheControl);
    }
    else if (part.type === 'tool-result') {
        const item = markableResultItem(part);
        if (typeof part.content === 'string') {
            content[index] = { ...part, content: [withCacheControl({ type: 'text', text: part.content }, cacheControl)] };
        }
        else {
            const items = part.content.slice();
            items[item] = withCacheControl(items[item], cacheControl);
            content[index] = { ...part, content: items };
        }
    }
    return { ...message, content };
}
//# sourceMappingURL=place-anthropic-breakpoints.js.map