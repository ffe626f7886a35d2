export function toKeyPrincipal(key) {
    const principal = {
        tenant: key.tenant,
        keyId: key.id,
        keyName: key.name,
        scopes: Object.freeze([...key.scopes]),
        clearance: key.clearance,
        labels: Object.freeze([...key.labels]),
        models: Object.freeze([...key.models]),
        budgets: Object.freeze({ ...key.budgets }),
        rateLimits: Object.freeze({ ...key.rateLimits }),
        ...(key.country === undefined ? {} : { country: key.country }),
        ...(key.expiresAt === undefined ? {} : { expiresAt: key.expiresAt }),
    };
    return Object.freeze(principal);
}
//# sourceMappingURL=key-principal.js.map