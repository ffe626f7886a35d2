/**
 * Key under `providerOptions.anthropic` holding Anthropic server tools (`web_search_...`, `bash_...`): they have
 * no canonical form, so the inbound parser keeps them here and this converter appends them to `tools`.
 */
export const SERVER_TOOLS_OPTION = 'serverTools';
/**
 * Canonical tools and tool choice to Anthropic's. `required` becomes `any`; `parallelToolCalls` becomes
 * `disable_parallel_tool_use` on the tool choice (with `auto` when no choice was given). A tool choice
 * without tools is dropped (the API rejects it), with a warning unless it was `none`.
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use#forcing-tool-use
 */
export function toAnthropicTools(request, warnings) {
    const tools = (request.tools ?? []).map((tool) => {
        const converted = { name: tool.name, input_schema: tool.inputSchema };
        if (tool.description !== undefined)
            converted.description = tool.description;
        if (tool.strict !== undefined)
            converted.strict = tool.strict;
        return converted;
    });
    const serverTools = request.providerOptions?.anthropic?.[SERVER_TOOLS_OPTION];
    if (Array.isArray(serverTools))
        tools.push(...serverTools);
    const settings = {};
    if (tools.length === 0) {
        if (request.toolChoice !== undefined && request.toolChoice.type !== 'none') {
            warnings.push({ type: 'unsupported-setting', setting: 'toolChoice', message: 'A tool choice without tools was left out.' });
        }
        return settings;
    }
    settings.tools = tools;
    const choice = request.toolChoice ?? (request.parallelToolCalls === undefined ? undefined : { type: 'auto' });
    if (choice === undefined)
        return settings;
    if (choice.type === 'none') {
        settings.tool_choice = { type: 'none' };
        return settings;
    }
    const disable = request.parallelToolCalls === undefined ? {} : { disable_parallel_tool_use: !request.parallelToolCalls };
    if (choice.type === 'tool')
        settings.tool_choice = { type: 'tool', name: choice.name, ...disable };
    else
        settings.tool_choice = { type: choice.type === 'required' ? 'any' : 'auto', ...disable };
    return settings;
}
//# sourceMappingURL=to-anthropic-tools.js.map