import { redactSecret } from "./redact-secret.js";
import { upstreamError } from "./upstream-error.js";
/**
 * A non-2xx answer as a catalogued error. The body explains the failure, so it is read and kept in the message
 * (without the API key); when it cannot be read, the status alone classifies the failure.
 */
export async function upstreamFailure(response, options) {
    let text = '';
    try {
        text = await response.text();
    }
    catch {
        // the status is enough to classify the failure
    }
    const mapError = options.mapError ?? upstreamError;
    return mapError(response.status, response.headers, redactSecret(text, options.apiKey), options.providerId);
}
//# sourceMappingURL=upstream-failure.js.map