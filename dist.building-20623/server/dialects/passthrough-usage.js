import { fromAnthropicUsage } from "../../providers/anthropic/from-anthropic-usage.js";
import { fromOpenAIUsage } from "../../providers/openai-compatible/from-openai-usage.js";
/** Reads usage (and the answer text, for counting when usage is missing) from a relayed JSON answer, parsed. */
export function readRelayedJson(dialect, value) {
    if (value === null || typeof value !== 'object')
        return {};
    const body = value;
    if (dialect === 'openai') {
        const choices = body.choices;
        const content = Array.isArray(choices) ? choices[0]?.message?.content : undefined;
        return { ...(body.usage ? { usage: fromOpenAIUsage(body.usage) } : {}), ...(typeof content === 'string' ? { content } : {}) };
    }
    const blocks = Array.isArray(body.content) ? body.content : [];
    const content = blocks.map((block) => (block.type === 'text' && typeof block.text === 'string' ? block.text : '')).join('');
    return { ...(body.usage ? { usage: fromAnthropicUsage(body.usage) } : {}), content };
}
const tailLength = 256;
export function createRelayTap(dialect, options = {}) {
    const decoder = new TextDecoder();
    const marker = dialect === 'openai' ? '"usage":{' : '"usage"';
    const dropUsageChunk = dialect === 'openai' && options.dropUsageChunk === true;
    const answer = {};
    let anthropicUsage = {};
    let held = '';
    let tail = '';
    const passOn = (text) => {
        if (text !== '')
            tail = text.length >= tailLength ? text.slice(-tailLength) : (tail + text).slice(-tailLength);
    };
    const passOnText = (text) => {
        passOn(text);
        return text;
    };
    /** Reads one whole event that mentions usage; returns what of it to pass on. */
    const read = (event) => {
        const parsed = parseData(event);
        if (parsed === undefined)
            return event;
        if (dialect === 'openai') {
            if (parsed.usage && typeof parsed.usage === 'object')
                answer.usage = fromOpenAIUsage(parsed.usage);
            if (dropUsageChunk && Array.isArray(parsed.choices) && parsed.choices.length === 0)
                return '';
            return event;
        }
        if (parsed.type === 'message_start' || parsed.type === 'message_delta') {
            const usage = parsed.message?.usage ?? parsed.usage;
            if (usage && typeof usage === 'object') {
                anthropicUsage = { ...anthropicUsage, ...usage };
                answer.usage = fromAnthropicUsage(anthropicUsage);
            }
        }
        return event;
    };
    return {
        answer,
        get tail() {
            return tail;
        },
        push(chunk) {
            const text = decoder.decode(chunk, { stream: true });
            if (held === '' && !text.includes(marker) && endsAtBoundary(text)) {
                if (dropUsageChunk && text.includes(nullUsage))
                    return passOnText(withoutNullUsage(text));
                passOn(text);
                return chunk;
            }
            const all = held + text;
            const cut = lastBoundaryEnd(all);
            if (cut < 0) {
                held = all;
                return '';
            }
            held = all.slice(cut);
            let complete = cut === all.length ? all : all.slice(0, cut);
            // Only the events that mention usage are cut out and read; the text around them is kept as it is.
            for (let at = complete.indexOf(marker); at >= 0;) {
                const start = eventStart(complete, at);
                const end = eventEnd(complete, at);
                const kept = read(complete.slice(start, end));
                complete = complete.slice(0, start) + kept + complete.slice(end);
                at = complete.indexOf(marker, start + kept.length);
            }
            return passOnText(dropUsageChunk ? withoutNullUsage(complete) : complete);
        },
        end() {
            const rest = held + decoder.decode();
            held = '';
            passOn(rest);
            return rest;
        },
    };
}
const nullUsage = '"usage":null';
/** The blank lines that end an event, by line-end style. */
const eventBoundaries = ['\n\n', '\r\n\r\n', '\r\r'];
/**
 * Removes the `"usage":null` member OpenAI adds to every chunk once `include_usage` is set. Inside a JSON string a
 * quote is always escaped, so the unescaped member text only ever matches the member itself.
 */
function withoutNullUsage(text) {
    return text.replaceAll(',"usage":null', '').replaceAll('"usage":null,', '');
}
function endsAtBoundary(text) {
    return text.endsWith('\n\n') || text.endsWith('\r\n\r\n') || text.endsWith('\r\r');
}
/** Where the last complete event ends (after its blank line), or -1. */
function lastBoundaryEnd(text) {
    const lf = text.lastIndexOf('\n\n');
    // The common case (LF line ends, text ending with a whole event) without searching the text for CRs.
    if (lf >= 0 && lf + 2 === text.length)
        return lf + 2;
    const crlf = text.lastIndexOf('\r\n\r\n');
    const cr = text.lastIndexOf('\r\r');
    return Math.max(lf < 0 ? -1 : lf + 2, crlf < 0 ? -1 : crlf + 4, cr < 0 ? -1 : cr + 2);
}
/** Where the event holding position `at` starts: after the blank line before it, or at 0. */
function eventStart(text, at) {
    const before = text.slice(0, at);
    return Math.max(0, lastBoundaryEnd(before));
}
/** Where the event holding position `at` ends: after its blank line (the text holds whole events only). */
function eventEnd(text, at) {
    let end = text.length;
    for (const boundary of eventBoundaries) {
        const index = text.indexOf(boundary, at);
        if (index >= 0)
            end = Math.min(end, index + boundary.length);
    }
    return end;
}
/** The JSON object in an event's `data` lines, or undefined. */
function parseData(event) {
    const data = event
        .split(/\r\n|\r|\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5))
        .join('\n');
    try {
        const value = JSON.parse(data);
        return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
    }
    catch {
        return undefined;
    }
}
//# sourceMappingURL=passthrough-usage.js.map