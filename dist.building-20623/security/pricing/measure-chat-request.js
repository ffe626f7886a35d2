/**
 * Sums a measure over everything a chat request sends: message text, images, tool calls and results, tool
 * definitions and a JSON schema response format.
 */
export function measureChatRequest(request, measure) {
    let total = measure.perRequest;
    for (const message of request.messages) {
        total += measure.perMessage;
        for (const part of message.content) {
            switch (part.type) {
                case 'text':
                case 'reasoning':
                    total += measure.text(part.text);
                    break;
                case 'image':
                    total += measure.image;
                    break;
                case 'document':
                    total += part.text === undefined ? measure.image : measure.text(part.text);
                    break;
                case 'tool-call':
                    total += measure.text(part.name) + measure.text(part.arguments) + measure.perToolCall;
                    break;
                case 'tool-result':
                    if (typeof part.content === 'string')
                        total += measure.text(part.content);
                    else
                        for (const item of part.content)
                            total += item.type === 'text' ? measure.text(item.text) : measure.image;
                    break;
            }
        }
    }
    if (request.tools && request.tools.length > 0)
        total += measure.text(JSON.stringify(request.tools));
    if (request.responseFormat?.type === 'json-schema')
        total += measure.text(JSON.stringify(request.responseFormat.schema));
    return total;
}
//# sourceMappingURL=measure-chat-request.js.map