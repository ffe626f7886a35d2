export {};
//# sourceMappingURL=dialect-responder.js.map