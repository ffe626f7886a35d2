import { messageText } from "../../core/canonical/message.js";
import { skeletonWordHashes } from "./prompt-skeleton.js";
const emptyPrompt = { words: new Uint32Array(0), hash: 0 };
/** A keyed 52-bit hash (two independent 32-bit hashes): collisions are negligible among millions of texts. */
export function hash52(hasher, text) {
    return (hasher.textAlternate(text) & 0xfffff) * 0x100000000 + hasher.text(text);
}
/**
 * The fingerprint of a canonical chat request: the skeleton of its last user text (the new turn), the hashes of
 * its system text and tool names, and its shape. Reads at most the head and tail of a long prompt.
 */
export function fingerprintChat(request, hasher) {
    let system = '';
    let prompt;
    for (let index = request.messages.length - 1; index >= 0; index--) {
        const message = request.messages[index];
        if (message.role === 'user' && prompt === undefined) {
            const text = messageText(message);
            if (text !== '')
                prompt = text;
        }
    }
    for (const message of request.messages) {
        if (message.role !== 'system')
            break;
        system += messageText(message);
    }
    const tools = request.tools ?? [];
    return {
        depth: request.messages.length,
        tools: tools.length,
        toolset: tools.length === 0 ? 0 : hasher.text(tools.map((tool) => tool.name).sort().join('\n')),
        system: system === '' ? 0 : hash52(hasher, system),
        prompt: prompt === undefined ? emptyPrompt : skeletonWordHashes(prompt, hasher),
    };
}
//# sourceMappingURL=extraction-event.js.map