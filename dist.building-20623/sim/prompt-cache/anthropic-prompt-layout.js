import { asArray, asRecord, isRecord } from "../json-values.js";
import { countTextTokens } from "./count-text-tokens.js";
import { imageTokens, replyPrimingTokens, tokensPerMessage } from "./prompt-layout.js";
/**
 * An Anthropic Messages body as prefix-cache blocks, in the order Anthropic builds the prefix: every tool, every
 * system block, then every content block of every message. A block carries a breakpoint when it has
 * `cache_control` (for a `tool_result`, also when one of its nested content blocks has it). String content counts
 * as one text block, as Anthropic documents it.
 * @see https://platform.claude.com/docs/en/build-with-claude/prompt-caching ("cache prefixes are created in the following order: tools, system, then messages")
 */
export function anthropicPromptLayout(body) {
    const blocks = [];
    for (const tool of asArray(body.tools).map(asRecord)) {
        const { cache_control: cacheControl, ...definition } = tool;
        const text = JSON.stringify(definition);
        blocks.push(withBreakpoint({ key: `tool\u0000${text}`, tokens: countTextTokens(text) }, cacheControl));
    }
    const system = body.system;
    if (typeof system === 'string') {
        if (system !== '')
            blocks.push({ key: `system\u0000${system}`, tokens: countTextTokens(system) });
    }
    else {
        for (const block of asArray(system).map(asRecord)) {
            const text = typeof block.text === 'string' ? block.text : '';
            blocks.push(withBreakpoint({ key: `system\u0000${text}`, tokens: countTextTokens(text) }, block.cache_control));
        }
    }
    for (const message of asArray(body.messages).map(asRecord)) {
        const content = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : asArray(message.content).map(asRecord);
        content.forEach((block, index) => {
            const converted = contentBlock(String(message.role), block);
            if (index === 0)
                converted.tokens += tokensPerMessage;
            blocks.push(converted);
        });
    }
    return { blocks, trailingTokens: replyPrimingTokens };
}
function contentBlock(role, block) {
    switch (block.type) {
        case 'text': {
            const text = typeof block.text === 'string' ? block.text : '';
            return withBreakpoint({ key: `${role}\u0000text\u0000${text}`, tokens: countTextTokens(text) }, block.cache_control);
        }
        case 'tool_use': {
            const name = String(block.name ?? '');
            const input = JSON.stringify(block.input ?? {});
            return withBreakpoint({ key: `tool_use\u0000${String(block.id)}\u0000${name}\u0000${input}`, tokens: countTextTokens(name) + countTextTokens(input) }, block.cache_control);
        }
        case 'tool_result': {
            const items = typeof block.content === 'string' ? [{ type: 'text', text: block.content }] : asArray(block.content).map(asRecord);
            let text = '';
            let tokens = 0;
            let nestedBreakpoint;
            for (const item of items) {
                if (item.type === 'text' && typeof item.text === 'string') {
                    text += item.text;
                    tokens += countTextTokens(item.text);
                }
                else {
                    text += `\u0000${JSON.stringify(item)}`;
                    tokens += imageTokens;
                }
                nestedBreakpoint ??= item.cache_control;
            }
            const key = `tool_result\u0000${String(block.tool_use_id)}\u0000${block.is_error === true ? 'error' : ''}\u0000${text}`;
            return withBreakpoint({ key, tokens }, block.cache_control ?? nestedBreakpoint);
        }
        default: {
            const { cache_control: cacheControl, ...rest } = block;
            return withBreakpoint({ key: `${String(block.type)}\u0000${JSON.stringify(rest)}`, tokens: block.type === 'image' ? imageTokens : countTextTokens(JSON.stringify(rest)) }, cacheControl);
        }
    }
}
function withBreakpoint(block, cacheControl) {
    if (!isRecord(cacheControl))
        return block;
    return { ...block, breakpoint: { ttl: cacheControl.ttl === '1h' ? '1h' : '5m' } };
}
//# sourceMappingURL=anthropic-prompt-layout.js.map