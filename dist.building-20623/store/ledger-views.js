/** What the dashboard can break usage down by; each is a column of the rollup. */
export const ledgerDimensions = ['tenant', 'key', 'model', 'provider', 'jurisdiction', 'tier'];
//# sourceMappingURL=ledger-views.js.map