import { upstreamFailure } from "./upstream-failure.js";
/** Returns a 2xx response as is; any other answer is read and thrown as a catalogued error ({@link upstreamFailure}). */
export async function ensureSuccess(response, options) {
    if (response.status >= 200 && response.status < 300)
        return response;
    throw await upstreamFailure(response, options);
}
//# sourceMappingURL=ensure-success.js.map