export {};
//# sourceMappingURL=adapter-dependencies.js.map