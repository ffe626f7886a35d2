import { generateWords, hashString, hexId, splitIntoFragments, splitIntoWordChunks, wordsToChunks } from "./text-generator.js";
import { valueForSchema } from "./schema-values.js";
/** Estimated tokens of texts: ceil(characters / 4). */
export function estimateTokens(texts) {
    let characters = 0;
    for (const text of texts)
        characters += text.length;
    return Math.ceil(characters / 4);
}
/**
 * Rounds of tool calls since the user last wrote: assistant turns that call tools after the last `user` turn (one
 * without tool results). A conversation that ends in tool results with no call before them counts one round.
 */
export function toolRoundsOf(turns) {
    let rounds = 0;
    let sawResult = false;
    for (let index = turns.length - 1; index >= 0; index--) {
        const turn = turns[index];
        if (turn === 'user')
            break;
        if (turn === 'tool-call')
            rounds++;
        else if (turn === 'tool-result')
            sawResult = true;
    }
    return rounds === 0 && sawResult ? 1 : rounds;
}
/**
 * The signature the simulator gives reasoning: derived from its visible text, so a signature that comes back
 * changed, or with other text, is told apart (as Anthropic checks thinking blocks sent back to it).
 */
export function reasoningSignature(text) {
    return `sim_${hexId(`thinking|${text}`, 32)}`;
}
/**
 * Plans the answer to a prompt: a tool call while tools are offered and fewer tool rounds than the model's
 * `toolRounds` (default 1) happened since the user wrote (unless tool choice is `none`): the tool named in the
 * user's text, else the first. Otherwise deterministic text (a JSON object in JSON mode), capped at the request's
 * maximum output tokens. So an agent loop ends: after the tool results the model answers in text. Reasoning
 * precedes the answer when the prompt asked for thinking.
 */
export function planAnswer(prompt, model) {
    const key = `${model.seed ?? 0}|${prompt.model}|${hashString(prompt.lastMessageText)}`;
    const answer = planContent(prompt, model, key);
    if (prompt.thinking) {
        const words = generateWords(`${key}|thinking`, 12);
        const text = prompt.thinking === 'shown' ? words.join(' ') : '';
        answer.reasoning = { text, chunks: prompt.thinking === 'shown' ? wordsToChunks(words) : [], signature: reasoningSignature(text) };
        answer.outputTokens += words.length;
    }
    return answer;
}
function planContent(prompt, model, key) {
    const inputTokens = estimateTokens(prompt.texts);
    const tool = chooseTool(prompt, model.toolRounds ?? 1);
    if (tool) {
        const argumentsValue = valueForSchema(tool.schema, '', false, 0, { path: mentionedPath(prompt.userText) });
        const args = typeof argumentsValue === 'object' && argumentsValue !== null ? argumentsValue : {};
        const argumentsJson = JSON.stringify(args);
        const fragments = splitIntoFragments(argumentsJson, 8);
        return {
            inputTokens,
            outputTokens: fragments.length,
            finish: 'tool-call',
            text: '',
            chunks: [],
            toolCall: { idSuffix: hexId(`${key}|${tool.name}`), name: tool.name, arguments: args, argumentsJson, fragments },
        };
    }
    const wanted = Math.max(1, model.outputTokens ?? 24);
    const fullChunks = prompt.responseFormat ? splitIntoWordChunks(jsonAnswer(key, wanted, prompt.responseFormat.schema)) : wordsToChunks(generateWords(key, wanted));
    const limit = prompt.maxOutputTokens;
    const chunks = limit !== undefined && limit >= 0 && limit < fullChunks.length ? fullChunks.slice(0, limit) : fullChunks;
    return {
        inputTokens,
        outputTokens: chunks.length,
        finish: chunks.length < fullChunks.length ? 'length' : 'stop',
        text: chunks.join(''),
        chunks,
    };
}
function chooseTool(prompt, toolRounds) {
    if (prompt.tools.length === 0 || prompt.toolRounds >= toolRounds || prompt.toolChoice.type === 'none')
        return undefined;
    const choice = prompt.toolChoice;
    if (choice.type === 'tool')
        return prompt.tools.find((tool) => tool.name === choice.name) ?? prompt.tools[0];
    return namedTool(prompt.tools, prompt.userText) ?? prompt.tools[0];
}
/** The tool whose name the user's text mentions first (as a whole word), if any. */
function namedTool(tools, text) {
    let best;
    for (const tool of tools) {
        const at = new RegExp(`(?<![\\w-])${tool.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`).exec(text)?.index;
        if (at !== undefined && (best === undefined || at < best.at))
            best = { tool, at };
    }
    return best?.tool;
}
/** The first file path in a text (`/tmp/work/notes.txt`, `src/app.ts`), for arguments that name a file. */
function mentionedPath(text) {
    return /(?<![\w/.-])(\/?[\w.-]+(?:\/[\w.-]+)*\.[A-Za-z][A-Za-z0-9]{0,7})(?![\w/])/.exec(text)?.[1];
}
function jsonAnswer(key, words, schema) {
    const text = generateWords(key, words).join(' ');
    if (!schema)
        return JSON.stringify({ answer: text, words }, null, 1).replace(/\n/g, '');
    const value = valueForSchema(schema, '', true);
    return JSON.stringify(value, null, 1).replace(/\n/g, '');
}
//# sourceMappingURL=answer-planner.js.map