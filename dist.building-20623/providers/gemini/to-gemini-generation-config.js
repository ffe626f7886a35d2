/**
 * Canonical sampling settings and response format → Gemini `generationConfig`. JSON mode is
 * `responseMimeType: application/json`; a JSON schema goes to `responseJsonSchema` (full JSON Schema).
 * Returns `undefined` when nothing is set, so the body stays minimal.
 * @see https://ai.google.dev/api/generate-content#generationconfig
 */
export function toGeminiGenerationConfig(request) {
    const config = {};
    if (request.maxOutputTokens !== undefined)
        config.maxOutputTokens = request.maxOutputTokens;
    if (request.temperature !== undefined)
        config.temperature = request.temperature;
    if (request.topP !== undefined)
        config.topP = request.topP;
    if (request.topK !== undefined)
        config.topK = request.topK;
    if (request.stopSequences !== undefined && request.stopSequences.length > 0)
        config.stopSequences = request.stopSequences;
    if (request.presencePenalty !== undefined)
        config.presencePenalty = request.presencePenalty;
    if (request.frequencyPenalty !== undefined)
        config.frequencyPenalty = request.frequencyPenalty;
    if (request.seed !== undefined)
        config.seed = request.seed;
    const format = request.responseFormat;
    if (format?.type === 'json')
        config.responseMimeType = 'application/json';
    if (format?.type === 'json-schema') {
        const { $schema: _schema, ...schema } = format.schema;
        config.responseMimeType = 'application/json';
        config.responseJsonSchema = schema;
    }
    return Object.keys(config).length > 0 ? config : undefined;
}
//# sourceMappingURL=to-gemini-generation-config.js.map