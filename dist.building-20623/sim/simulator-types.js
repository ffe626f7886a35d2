export {};
//# sourceMappingURL=simulator-types.js.map