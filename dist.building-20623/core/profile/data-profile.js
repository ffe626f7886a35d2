export {};
//# sourceMappingURL=data-profile.js.map