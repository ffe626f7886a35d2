/**
 * Applies part rewrites to a request's messages with structural sharing: a message, a message list or the request
 * is copied only when something in it changed, so an untouched request comes back as the same object (callers
 * compare by identity to know whether the request was rewritten). Never mutates its input.
 */
export function rewriteMessages(request, rewrites) {
    let messages;
    let position = 0;
    request.messages.forEach((message, index) => {
        const rewritten = rewriteMessage(message, rewrites, () => position++);
        if (rewritten !== message) {
            messages ??= request.messages.slice();
            messages[index] = rewritten;
        }
    });
    return messages ? { ...request, messages } : request;
}
function rewriteMessage(message, rewrites, nextPosition) {
    switch (message.role) {
        case 'system': {
            const rewrite = rewrites.systemText;
            if (!rewrite)
                return message;
            const content = mapShared(message.content, (part) => {
                const text = rewrite(part.text);
                return text === part.text ? part : { ...part, text };
            });
            return content === message.content ? message : { ...message, content };
        }
        case 'assistant': {
            const rewrite = rewrites.assistantPart;
            if (!rewrite)
                return message;
            const content = mapShared(message.content, rewrite);
            return content === message.content ? message : { ...message, content };
        }
        case 'tool': {
            const rewrite = rewrites.toolResult;
            const content = mapShared(message.content, (part) => (rewrite ? rewrite(part, nextPosition()) : (nextPosition(), part)));
            return content === message.content ? message : { ...message, content };
        }
        case 'user':
            return message;
    }
}
/** `items.map(map)`, but the same array when `map` returned every item unchanged. */
export function mapShared(items, map) {
    let copy;
    items.forEach((item, index) => {
        const mapped = map(item);
        if (mapped !== item) {
            copy ??= items.slice();
            copy[index] = mapped;
        }
    });
    return copy ?? items;
}
//# sourceMappingURL=rewrite-messages.js.map