export {};
//# sourceMappingURL=response-repository.js.map