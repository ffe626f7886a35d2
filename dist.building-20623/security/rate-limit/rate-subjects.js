function limited(limits) {
    return limits !== undefined && (limits.requestsPerMinute !== undefined || limits.tokensPerMinute !== undefined);
}
/**
 * The subjects a principal's request is limited by: its key (limits carried by a virtual key's principal) and its
 * tenant (limits from configuration). Subjects without limits are left out, so an unlimited key costs nothing.
 */
export function rateSubjects(principal, tenantLimits) {
    const subjects = [];
    if (limited(principal.rateLimits))
        subjects.push({ scope: 'key', id: principal.keyId, limits: principal.rateLimits });
    if (limited(tenantLimits))
        subjects.push({ scope: 'tenant', id: principal.tenant, limits: tenantLimits });
    return subjects;
}
//# sourceMappingURL=rate-subjects.js.map