export const usageGroups = ['tenant', 'key', 'model', 'provider', 'day'];
//# sourceMappingURL=ledger-repository.js.map