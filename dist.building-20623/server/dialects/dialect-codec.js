export {};
//# sourceMappingURL=dialect-codec.js.map