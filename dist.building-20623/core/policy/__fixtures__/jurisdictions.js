/** A small jurisdiction catalogue for tests (the real one is `core/jurisdictions`, built from `data/`). */
const eu = ['AT', 'BE', 'DE', 'ES', 'FI', 'FR', 'IE', 'IT', 'NL', 'PL', 'SE'];
export const testGroups = {
    EU: eu,
    EEA: [...eu, 'IS', 'LI', 'NO'],
    adequacy: ['CA', 'CH', 'GB', 'JP', 'KR', 'NZ', 'US'],
    FVEY: ['AU', 'CA', 'GB', 'NZ', 'US'],
};
/** Expands a group, or a two-letter country code to itself; anything else to nothing. */
export function expandJurisdiction(nameOrCode) {
    const group = testGroups[nameOrCode];
    if (group !== undefined)
        return new Set(group);
    return new Set(/^[A-Z]{2}$/.test(nameOrCode) ? [nameOrCode] : []);
}
//# sourceMappingURL=jurisdictions.js.map