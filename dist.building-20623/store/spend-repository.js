export {};
//# sourceMappingURL=spend-repository.js.map