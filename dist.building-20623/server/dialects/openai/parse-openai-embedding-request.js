import { z } from 'zod';
import { GatewayError } from "../../../core/errors/gateway-error.js";
import { invalidRequestFromZod } from "./invalid-request-from-zod.js";
const tokenArrayMessage = "Invalid type for 'input': token arrays are not supported; send the text as a string or an array of strings.";
const embeddingRequestSchema = z.object({
    model: z.string().min(1),
    input: z.union([z.string(), z.array(z.string()).min(1).max(2048)]),
    dimensions: z.number().int().min(1).nullish(),
    encoding_format: z.enum(['float', 'base64']).nullish(),
    user: z.string().nullish(),
});
/**
 * Validates an OpenAI `POST /embeddings` body. `input` is a string or up to 2,048 strings; token arrays are
 * refused. Throws only `invalid_request` GatewayErrors.
 * @see https://platform.openai.com/docs/api-reference/embeddings/create
 */
export function parseOpenAIEmbeddingRequest(body) {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new GatewayError('invalid_request', { message: 'The request body must be a JSON object.' });
    }
    const input = body.input;
    if (Array.isArray(input) && input.some((item) => typeof item === 'number' || Array.isArray(item))) {
        throw new GatewayError('invalid_request', { param: 'input', message: tokenArrayMessage });
    }
    const parsed = embeddingRequestSchema.safeParse(body);
    if (!parsed.success)
        throw invalidRequestFromZod(parsed.error.issues, body);
    const data = parsed.data;
    const request = {
        model: data.model,
        input: typeof data.input === 'string' ? [data.input] : data.input,
        encodingFormat: data.encoding_format ?? 'float',
    };
    if (typeof data.dimensions === 'number')
        request.dimensions = data.dimensions;
    if (typeof data.user === 'string')
        request.user = data.user;
    return request;
}
//# sourceMappingURL=parse-openai-embedding-request.js.map