export const strategies = ['cheapest', 'fastest', 'balanced', 'quality'];
//# sourceMappingURL=decision.js.map