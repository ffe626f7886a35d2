const dashes = /-/g;
const underscores = /_/g;
/** Decodes one base64url segment to a string, or undefined when it is not base64url. */
function decodeBase64Url(segment) {
    try {
        const base64 = segment.replace(dashes, '+').replace(underscores, '/');
        return atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    }
    catch {
        return undefined;
    }
}
/**
 * Whether `candidate` (`header.payload.signature`) is a JSON Web Token: its header decodes to a JSON object
 * with a string `alg`, as every JWS header must carry.
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-4.1.1
 */
export function isJsonWebToken(candidate) {
    const header = decodeBase64Url(candidate.slice(0, candidate.indexOf('.')));
    if (header === undefined)
        return false;
    try {
        const parsed = JSON.parse(header);
        return typeof parsed === 'object' && parsed !== null && typeof parsed.alg === 'string';
    }
    catch {
        return false;
    }
}
//# sourceMappingURL=json-web-token.js.map