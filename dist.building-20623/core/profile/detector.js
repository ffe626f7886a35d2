export {};
//# sourceMappingURL=detector.js.map