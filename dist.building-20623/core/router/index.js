export { createRouter } from "./create-router.js";
export { createProviderStats } from "./provider-stats.js";
export { explainDecision } from "./explain-decision.js";
export { createDecisionId } from "./decision-id.js";
export { strategies } from "./decision.js";
export { estimateInputTokens } from "./estimate-input-tokens.js";
//# sourceMappingURL=index.js.map