export {};
//# sourceMappingURL=stream-part.js.map