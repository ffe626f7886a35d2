import { promptCacheRulesFor } from "../../core/prompt-cache/prompt-cache-rules.js";
import { isRecord } from "../json-values.js";
import { accountPromptCache } from "./account-prompt-cache.js";
import { anthropicPromptLayout } from "./anthropic-prompt-layout.js";
import { geminiPromptLayout } from "./gemini-prompt-layout.js";
import { openAIPromptLayout } from "./openai-prompt-layout.js";
import { PrefixCacheStore } from "./prefix-cache-store.js";
const layouts = {
    openai: openAIPromptLayout,
    anthropic: anthropicPromptLayout,
    gemini: geminiPromptLayout,
};
/**
 * The simulator's prompt caches: one prefix cache per dialect and model, each applying the provider's documented
 * rules ({@link promptCacheRulesFor}). Token counts are o200k on the rendered blocks for every dialect.
 */
export class SimulatedPromptCache {
    stores = new Map();
    now;
    constructor(options = {}) {
        this.now = options.now ?? Date.now;
    }
    /** Accounts one chat request; `undefined` when the dialect has no prompt cache (Ollama). */
    account(dialect, body, model) {
        const rules = promptCacheRulesFor(dialect, model);
        const layout = layouts[dialect];
        if (!rules || !layout || !isRecord(body))
            return undefined;
        const key = `${dialect}\u0000${model}`;
        let store = this.stores.get(key);
        if (!store) {
            store = new PrefixCacheStore();
            this.stores.set(key, store);
        }
        return accountPromptCache(layout(body), rules, store, this.now());
    }
    clear() {
        this.stores.clear();
    }
}
//# sourceMappingURL=simulated-prompt-cache.js.map