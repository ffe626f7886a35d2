export {};
//# sourceMappingURL=cache-store.js.map