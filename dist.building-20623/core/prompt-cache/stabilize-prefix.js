/**
 * Keeps the front of a request byte-stable from one request to the next, so automatic prefix caches (OpenAI,
 * Gemini) keep hitting: tools, which providers render before the messages, in one order. Changes no text and no
 * meaning, only the order in which the same tool definitions are listed. Returns the same object when the
 * request is already in that order. Deterministic and pure.
 * @see https://developers.openai.com/api/docs/guides/prompt-caching ("tools ... must be identical between requests")
 */
export function stabilizePrefix(request, options = {}) {
    if (!request.tools || request.tools.length === 0)
        return request;
    let tools = request.tools;
    if (options.sortSchemaKeys === true) {
        const sorted = tools.map((tool) => {
            const inputSchema = sortKeys(tool.inputSchema);
            return JSON.stringify(inputSchema) === JSON.stringify(tool.inputSchema) ? tool : { ...tool, inputSchema };
        });
        if (sorted.some((tool, index) => tool !== tools[index]))
            tools = sorted;
    }
    if ((options.sortTools ?? true) && !isSortedByName(tools))
        tools = [...tools].sort(byName);
    return tools === request.tools ? request : { ...request, tools };
}
function byName(left, right) {
    return left.name < right.name ? -1 : left.name > right.name ? 1 : 0;
}
function isSortedByName(tools) {
    for (let index = 1; index < tools.length; index++)
        if (byName(tools[index - 1], tools[index]) > 0)
            return false;
    return true;
}
function sortKeys(value) {
    if (Array.isArray(value))
        return value.map(sortKeys);
    if (typeof value !== 'object' || value === null)
        return value;
    const sorted = {};
    for (const key of Object.keys(value).sort())
        sorted[key] = sortKeys(value[key]);
    return sorted;
}
//# sourceMappingURL=stabilize-prefix.js.map