import { toGeminiContents } from "./to-gemini-contents.js";
import { toGeminiGenerationConfig } from "./to-gemini-generation-config.js";
import { toGeminiTools } from "./to-gemini-tools.js";
/**
 * A canonical chat request → the body of `models.generateContent` / `models.streamGenerateContent`
 * (the model is in the URL, not the body).
 *
 * `providerOptions.gemini` passes Gemini-only fields through: its keys are merged into the body
 * (`generationConfig` one level deep, e.g. `thinkingConfig`; others such as `safetySettings` or
 * `cachedContent` as they are), except `thoughtSignatures` (tool call id → signature), which restores the
 * signatures of earlier function calls. Settings Gemini cannot honour (`parallelToolCalls`) become warnings.
 * @see https://ai.google.dev/api/generate-content#method:-models.generatecontent
 */
export function toGeminiRequest(request) {
    const warnings = [];
    const { thoughtSignatures, generationConfig: extraConfig, ...extraFields } = request.providerOptions?.gemini ?? {};
    const { systemInstruction, contents } = toGeminiContents(request.messages, warnings, asSignatures(thoughtSignatures));
    const body = { contents };
    if (systemInstruction)
        body.systemInstruction = systemInstruction;
    Object.assign(body, toGeminiTools(request.tools, request.toolChoice));
    let generationConfig = toGeminiGenerationConfig(request);
    if (typeof extraConfig === 'object' && extraConfig !== null) {
        generationConfig = { ...generationConfig, ...extraConfig };
    }
    if (generationConfig)
        body.generationConfig = generationConfig;
    Object.assign(body, extraFields);
    if (request.parallelToolCalls !== undefined) {
        warnings.push({
            type: 'unsupported-setting',
            setting: 'parallelToolCalls',
            message: 'Gemini has no switch for parallel function calls; the model decides.',
        });
    }
    return { body, warnings };
}
function asSignatures(value) {
    if (typeof value !== 'object' || value === null)
        return {};
    const signatures = {};
    for (const [id, signature] of Object.entries(value)) {
        if (typeof signature === 'string')
            signatures[id] = signature;
    }
    return signatures;
}
//# sourceMappingURL=to-gemini-request.js.map