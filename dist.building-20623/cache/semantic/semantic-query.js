import { cacheableChatRequest } from "../cacheable-request.js";
import { scopedKey } from "../exact-cache-key.js";
/**
 * The semantic query of a chat request, or undefined when the request is not one the semantic cache may answer:
 * its last message must be a user message of text only (no images), not empty and at most `maxTextLength`
 * characters (long prompts are rarely paraphrased, and a small change in them is easily lost in an average).
 */
export function semanticQuery(request, scope, maxTextLength) {
    const last = request.messages.at(-1);
    if (!last || last.role !== 'user' || last.content.length === 0)
        return undefined;
    let text = '';
    for (const part of last.content) {
        if (part.type !== 'text')
            return undefined;
        text += part.text;
    }
    if (text.trim() === '' || text.length > maxTextLength)
        return undefined;
    const body = cacheableChatRequest(request);
    body.messages = [...request.messages.slice(0, -1), { role: 'user', ...(last.name === undefined ? {} : { name: last.name }), content: '(semantic)' }];
    return { scopeKey: scopedKey('chat-semantic', body, scope), text };
}
//# sourceMappingURL=semantic-query.js.map