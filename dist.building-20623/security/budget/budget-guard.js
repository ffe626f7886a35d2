export {};
//# sourceMappingURL=budget-guard.js.map