import { GatewayError } from "../../../core/errors/gateway-error.js";
/**
 * Converts validated OpenAI messages to canonical messages. `developer` becomes `system` (the same instruction
 * slot; OpenAI itself maps one to the other by model). Assistant text comes before its tool calls; empty
 * assistant text (`content: ""` next to `tool_calls`) is dropped. Refusals in assistant history count as text.
 * Each `tool` message becomes one canonical tool message with one result.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages
 */
export function fromOpenAIMessages(messages) {
    return messages.map((message, index) => {
        switch (message.role) {
            case 'system':
            case 'developer':
                return { role: 'system', content: textParts(message.content) };
            case 'user': {
                const converted = { role: 'user', content: userParts(message.content, index) };
                if (typeof message.name === 'string')
                    converted.name = message.name;
                return converted;
            }
            case 'assistant': {
                const content = [];
                if (typeof message.content === 'string') {
                    if (message.content !== '')
                        content.push({ type: 'text', text: message.content });
                }
                else if (Array.isArray(message.content)) {
                    for (const part of message.content) {
                        const text = part.type === 'text' ? part.text : part.refusal;
                        if (text !== '')
                            content.push({ type: 'text', text });
                    }
                }
                for (const call of message.tool_calls ?? []) {
                    content.push({ type: 'tool-call', id: call.id, name: call.function.name, arguments: call.function.arguments });
                }
                const converted = { role: 'assistant', content };
                if (typeof message.name === 'string')
                    converted.name = message.name;
                return converted;
            }
            case 'tool':
                return {
                    role: 'tool',
                    content: [
                        {
                            type: 'tool-result',
                            toolCallId: message.tool_call_id,
                            content: typeof message.content === 'string' ? message.content : textParts(message.content),
                        },
                    ],
                };
        }
    });
}
function textParts(content) {
    if (typeof content === 'string')
        return [{ type: 'text', text: content }];
    return content.map((part) => ({ type: 'text', text: part.text }));
}
function userParts(content, messageIndex) {
    if (typeof content === 'string')
        return [{ type: 'text', text: content }];
    return content.map((part, partIndex) => {
        if (part.type === 'text')
            return { type: 'text', text: part.text };
        const image = imageFromUrl(part.image_url.url, `messages[${messageIndex}].content[${partIndex}].image_url.url`);
        if (typeof part.image_url.detail === 'string')
            image.detail = part.image_url.detail;
        return image;
    });
}
const dataUrl = /^data:([a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+)((?:;[^;,]*)*);base64,([a-z0-9+/=\s]*)$/i;
/** An `image_url.url`: an http(s) URL, or a base64 `data:` URL with a media type. */
export function imageFromUrl(url, param) {
    if (url.startsWith('data:')) {
        const match = dataUrl.exec(url);
        if (match === null || match[1] === undefined || match[3] === undefined) {
            throw new GatewayError('invalid_request', {
                param,
                message: `Invalid value for '${param}': a data URL must look like 'data:image/png;base64,...' (a media type and base64 data).`,
            });
        }
        return { type: 'image', data: match[3].replace(/\s+/g, ''), mediaType: match[1].toLowerCase() };
    }
    if (/^https?:\/\//i.test(url) && URL.canParse(url))
        return { type: 'image', url };
    throw new GatewayError('invalid_request', {
        param,
        message: `Invalid value for '${param}': expected an http(s) URL or a base64 data URL.`,
    });
}
//# sourceMappingURL=from-openai-messages.js.map