import { GatewayError } from "../../core/errors/gateway-error.js";
/**
 * Reads a whole 2xx answer and parses it as JSON. A body that is not JSON (a proxy's HTML page, a cut answer) is
 * `upstream_bad_response`; `what` names the expected answer in the message (`a chat completion`).
 */
export async function readJsonResponse(response, providerId, what = 'a body') {
    const text = await response.text();
    try {
        return JSON.parse(text);
    }
    catch (error) {
        throw new GatewayError('upstream_bad_response', {
            message: `Provider ${providerId} answered with ${what} that is not JSON.`,
            cause: error,
            details: { provider: providerId },
        });
    }
}
//# sourceMappingURL=read-json-response.js.map