import { GatewayError } from "../../core/errors/gateway-error.js";
import { fromOpenAIUsage } from "./from-openai-usage.js";
import { mapOpenAIFinishReason } from "./map-openai-finish-reason.js";
/**
 * Converts a `chat.completion` object to a canonical result. Only the first choice is read (the gateway always
 * asks for one). A refusal counts as text, so the client still sees why the model declined. An answer without a
 * first choice is `upstream_bad_response`.
 * @see https://platform.openai.com/docs/api-reference/chat/object
 */
export function fromOpenAIResponse(body, providerId) {
    const completion = (typeof body === 'object' && body !== null ? body : {});
    const choice = Array.isArray(completion.choices) ? completion.choices[0] : undefined;
    if (typeof choice !== 'object' || choice === null) {
        throw new GatewayError('upstream_bad_response', {
            message: `Provider ${providerId} sent a chat completion without choices.`,
            details: { provider: providerId },
        });
    }
    const message = typeof choice.message === 'object' && choice.message !== null ? choice.message : {};
    const content = [];
    if (typeof message.content === 'string' && message.content !== '')
        content.push({ type: 'text', text: message.content });
    else if (typeof message.refusal === 'string' && message.refusal !== '')
        content.push({ type: 'text', text: message.refusal });
    if (Array.isArray(message.tool_calls)) {
        message.tool_calls.forEach((call, index) => {
            if (typeof call !== 'object' || call === null)
                return;
            const name = call.function?.name;
            const argumentsText = call.function?.arguments;
            content.push({
                type: 'tool-call',
                id: typeof call.id === 'string' && call.id !== '' ? call.id : `call_${index}`,
                name: typeof name === 'string' ? name : '',
                arguments: typeof argumentsText === 'string' ? argumentsText : JSON.stringify(argumentsText ?? {}),
            });
        });
    }
    const result = {
        model: typeof completion.model === 'string' ? completion.model : '',
        content,
        finishReason: mapOpenAIFinishReason(choice.finish_reason),
        usage: fromOpenAIUsage(completion.usage),
        warnings: [],
    };
    if (typeof completion.id === 'string')
        result.id = completion.id;
    if (typeof completion.system_fingerprint === 'string') {
        result.providerMetadata = { openai: { systemFingerprint: completion.system_fingerprint } };
    }
    return result;
}
//# sourceMappingURL=from-openai-response.js.map