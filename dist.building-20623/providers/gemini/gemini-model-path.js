import { GatewayError } from "../../core/errors/gateway-error.js";
const segment = /^[A-Za-z0-9._-]+$/;
/**
 * The resource path of a model: `gemini-2.5-flash` → `/models/gemini-2.5-flash`; a name that already has a
 * collection (`models/...`, `tunedModels/...`) is kept. The name goes into the URL, so anything but plain
 * path segments (no `:`, `?`, `..`) is refused rather than sent.
 * @see https://ai.google.dev/api/models
 */
export function geminiModelPath(model) {
    const name = model.includes('/') ? model : `models/${model}`;
    const valid = name.split('/').every((part) => segment.test(part) && part !== '.' && part !== '..');
    if (!valid)
        throw new GatewayError('invalid_request', { message: 'The model name is not a valid Gemini model name.', param: 'model' });
    return `/${name}`;
}
//# sourceMappingURL=gemini-model-path.js.map