import { admitRequest } from "./admit-request.js";
import { estimateTokens } from "./answer-planner.js";
import { embeddingVector } from "./embedding-vector.js";
import { sendBrokenBody } from "./fault-effects.js";
/** Answers an embeddings request in any dialect with deterministic unit vectors after the model's ttft. */
export async function handleEmbedding(context) {
    const { exchange, responder } = context;
    const admitted = admitRequest(context, responder.parseEmbedding(context.body, context.route));
    if (!admitted)
        return;
    const { value: prompt, model, fault } = admitted;
    const dimensions = prompt.dimensions ?? model.embeddingDimensions ?? 16;
    const vectors = prompt.inputs.map((input) => embeddingVector(`${model.seed ?? 0}|${prompt.model}|${input}`, dimensions));
    if (!(await exchange.wait(model.ttftMs ?? 0)))
        return;
    const headers = responder.answerHeaders(exchange.id);
    const body = responder.embeddingBody(prompt, vectors, estimateTokens(prompt.inputs), context.route);
    if (fault)
        return sendBrokenBody(exchange, fault, JSON.stringify(body), headers);
    exchange.sendJson(200, body, headers);
}
//# sourceMappingURL=embedding-handler.js.map