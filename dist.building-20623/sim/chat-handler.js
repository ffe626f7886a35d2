import { admitRequest } from "./admit-request.js";
import { planAnswer } from "./answer-planner.js";
import { sendBrokenBody } from "./fault-effects.js";
import { sendError } from "./handler-context.js";
import { sendStream } from "./stream-sender.js";
/**
 * Answers a chat request in any dialect: admit it (validation, model, replacing faults), plan the answer once
 * (with prompt-cache accounting when the simulator simulates it), wait the model's time to first token, then
 * stream it paced or send it whole after the generation time.
 */
export async function handleChat(context) {
    const { exchange, responder } = context;
    const admitted = admitRequest(context, responder.parseChat(context.body, context.route));
    if (!admitted)
        return;
    const { value: prompt, model, fault } = admitted;
    const answer = planAnswer(prompt, model);
    const cache = context.promptCache?.account(responder.dialect, context.body, prompt.model);
    if (cache && !cache.ok)
        return sendError(context, 'invalid_request', cache.message);
    if (cache) {
        const { inputTokens, ...cached } = cache.value;
        answer.inputTokens = inputTokens;
        answer.promptCache = cached;
    }
    const render = { requestId: exchange.id, prompt, answer, now: exchange.now() };
    const intervalMs = model.tokensPerSecond ? 1000 / model.tokensPerSecond : 0;
    const headers = responder.answerHeaders(exchange.id);
    if (!(await exchange.wait(model.ttftMs ?? 0)))
        return;
    if (prompt.stream)
        return sendStream(exchange, responder.chatStream(render), headers, intervalMs, fault);
    if (!(await exchange.wait(intervalMs * Math.max(0, answer.outputTokens - 1))))
        return;
    const body = responder.chatBody(render);
    if (fault)
        return sendBrokenBody(exchange, fault, JSON.stringify(body), headers);
    exchange.sendJson(200, body, headers);
}
//# sourceMappingURL=chat-handler.js.map