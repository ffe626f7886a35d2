import { GatewayError } from "../core/errors/gateway-error.js";
const roles = new Set(['system', 'user', 'assistant']);
/** The canonical form the core profiles and routes; a malformed request is refused with `invalid_request`. */
export function toCanonicalRequest(request, stream) {
    if (!Array.isArray(request.messages) || request.messages.length === 0) {
        throw new GatewayError('invalid_request', { message: 'messages must be a non-empty array.', param: 'messages' });
    }
    const messages = request.messages.map((message, index) => {
        if (!roles.has(message?.role) || typeof message.content !== 'string') {
            throw new GatewayError('invalid_request', { message: `messages[${index}] needs a role (system, user, assistant) and text content.`, param: `messages[${index}]` });
        }
        return { role: message.role, content: [{ type: 'text', text: message.content }] };
    });
    if (request.maxTokens !== undefined && (!Number.isInteger(request.maxTokens) || request.maxTokens < 1)) {
        throw new GatewayError('invalid_request', { message: 'maxTokens must be a positive integer.', param: 'maxTokens' });
    }
    return {
        model: request.model ?? 'auto',
        messages,
        stream,
        ...(request.maxTokens === undefined ? {} : { maxOutputTokens: request.maxTokens }),
        ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
        ...(request.stop === undefined ? {} : { stopSequences: request.stop }),
    };
}
//# sourceMappingURL=edge-request.js.map