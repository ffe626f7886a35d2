export const caseId = (kind, subject) => `${kind}:${subject}`;
/** Splits a case id; undefined for anything else. */
export function parseCaseId(id) {
    const colon = id.indexOf(':');
    const kind = id.slice(0, colon);
    const subject = id.slice(colon + 1);
    if (colon < 1 || subject === '' || (kind !== 'key' && kind !== 'tenant' && kind !== 'network'))
        return undefined;
    return { kind, subject };
}
//# sourceMappingURL=extraction-case.js.map