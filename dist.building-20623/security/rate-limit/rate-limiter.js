export {};
//# sourceMappingURL=rate-limiter.js.map