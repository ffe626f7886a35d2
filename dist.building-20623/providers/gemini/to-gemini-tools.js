/**
 * Canonical tools and tool choice → Gemini `tools[].functionDeclarations` and `toolConfig`.
 * Schemas go to `parametersJsonSchema` (full JSON Schema), so no lossy conversion to Gemini's OpenAPI subset
 * is needed; a top-level `$schema` key is dropped. Tool choice: `auto` → `AUTO`, `none` → `NONE`,
 * `required` → `ANY`, one named tool → `ANY` with `allowedFunctionNames: [name]`.
 * @see https://ai.google.dev/gemini-api/docs/function-calling#function_calling_modes
 */
export function toGeminiTools(tools, toolChoice) {
    if (tools === undefined || tools.length === 0)
        return {};
    const conversion = {
        tools: [
            {
                functionDeclarations: tools.map((tool) => {
                    const { $schema: _schema, ...parametersJsonSchema } = tool.inputSchema;
                    return {
                        name: tool.name,
                        ...(tool.description === undefined ? {} : { description: tool.description }),
                        parametersJsonSchema,
                    };
                }),
            },
        ],
    };
    if (toolChoice !== undefined)
        conversion.toolConfig = toGeminiToolConfig(toolChoice);
    return conversion;
}
function toGeminiToolConfig(toolChoice) {
    switch (toolChoice.type) {
        case 'auto':
            return { functionCallingConfig: { mode: 'AUTO' } };
        case 'none':
            return { functionCallingConfig: { mode: 'NONE' } };
        case 'required':
            return { functionCallingConfig: { mode: 'ANY' } };
        case 'tool':
            return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [toolChoice.name] } };
    }
}
//# sourceMappingURL=to-gemini-tools.js.map