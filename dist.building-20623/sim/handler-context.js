/** Answers with an error in the dialect's own shape. */
export function sendError(context, kind, message, headers = {}) {
    const { exchange, responder } = context;
    const reply = responder.errorReply(kind, message, exchange.id);
    exchange.sendJson(reply.status, reply.body, { ...responder.answerHeaders(exchange.id), ...headers });
}
//# sourceMappingURL=handler-context.js.map