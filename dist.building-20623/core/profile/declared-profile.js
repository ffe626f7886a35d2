import { GatewayError } from "../errors/gateway-error.js";
const residencyPattern = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const labelPattern = /^[A-Za-z0-9][A-Za-z0-9._:/+-]{0,63}$/;
/** More labels than this is not a declaration but a payload. */
export const maximumLabels = 32;
/** Validates and normalises a residency requirement: a country code is upper-cased, a group name kept as written. */
export function normaliseResidency(value, param) {
    const trimmed = value.trim();
    if (!residencyPattern.test(trimmed)) {
        throw new GatewayError('invalid_request', {
            param,
            message: `${param} must be one ISO 3166-1 alpha-2 country code or one group name (such as EU or adequacy).`,
        });
    }
    return trimmed.length === 2 ? trimmed.toUpperCase() : trimmed;
}
/** Validates labels: at most {@link maximumLabels}, each 1-64 characters of letters, digits and `._:/+-`; duplicates dropped. */
export function normaliseLabels(values, param) {
    const labels = [...new Set(values.map((value) => value.trim()).filter((value) => value !== ''))];
    if (labels.length > maximumLabels) {
        throw new GatewayError('invalid_request', { param, message: `${param} carries more than ${maximumLabels} labels.` });
    }
    if (!labels.every((label) => labelPattern.test(label))) {
        throw new GatewayError('invalid_request', {
            param,
            message: `${param} must be comma-separated labels of 1-64 letters, digits and . _ : / + -.`,
        });
    }
    return labels;
}
//# sourceMappingURL=declared-profile.js.map