/**
 * The Responses API's `truncation: "auto"`: when the conversation does not fit, items are dropped from its start
 * (system messages stay where they are) until it fits, never the last message, and never a tool result without
 * the call it answers. Returns the messages unchanged when they fit or cannot be made to.
 * @param fits whether a list of messages fits the context window
 * @see https://platform.openai.com/docs/api-reference/responses/create#responses-create-truncation
 */
export function truncateConversation(messages, fits) {
    if (fits(messages))
        return messages;
    const system = messages.filter((message) => message.role === 'system');
    let rest = messages.filter((message) => message.role !== 'system');
    while (rest.length > 1) {
        rest = rest.slice(1);
        // A result whose call was dropped would be refused by every provider: it goes with its call.
        while (rest.length > 1 && rest[0]?.role === 'tool')
            rest = rest.slice(1);
        const candidate = [...system, ...rest];
        if (fits(candidate))
            return candidate;
    }
    return messages;
}
//# sourceMappingURL=truncate-conversation.js.map