/**
 * Canonical messages: the one shape every dialect is translated into and out of.
 *
 * The model follows what both OpenAI Chat Completions and Anthropic Messages can express:
 * system text, user text and images, assistant text and tool calls, and tool results.
 * Anthropic's `tool_result` blocks (which live inside a user turn) become `tool` messages;
 * OpenAI's `tool` role maps one to one.
 */
/** Concatenates the text parts of a message (images, tool calls and results are left out). */
export function messageText(message) {
    let text = '';
    for (const part of message.content) {
        if (part.type === 'text')
            text += part.text;
    }
    return text;
}
//# sourceMappingURL=message.js.map