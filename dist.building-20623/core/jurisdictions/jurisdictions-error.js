import { GatewayError } from "../errors/gateway-error.js";
/** A jurisdictions problem (unknown code or group, cyclic or conflicting definitions), named in the message. */
export function jurisdictionsError(message, details) {
    return new GatewayError('invalid_request', { message, details: { source: 'jurisdictions', ...details } });
}
/** Validates jurisdictions data, refusing it with the path and reason of the first problems. */
export function parseJurisdictionsData(schema, value, what) {
    const result = schema.safeParse(value);
    if (result.success)
        return result.data;
    const problems = result.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw jurisdictionsError(`Invalid ${what}: ${problems.join('; ')}`, { issues: problems });
}
//# sourceMappingURL=jurisdictions-error.js.map