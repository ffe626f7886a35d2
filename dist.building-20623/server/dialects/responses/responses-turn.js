export {};
//# sourceMappingURL=responses-turn.js.map