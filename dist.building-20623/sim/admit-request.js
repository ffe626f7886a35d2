import { applyReplacingFault } from "./fault-effects.js";
import { sendError } from "./handler-context.js";
/**
 * The steps every model request takes before it is answered: 400 for an invalid body, 404 for a model a strict
 * simulator does not serve, then a fault that replaces the answer. Returns `undefined` when one of them answered.
 */
export function admitRequest(context, parsed) {
    const { responder } = context;
    if (!parsed.ok) {
        sendError(context, 'invalid_request', parsed.message);
        return undefined;
    }
    const model = context.resolveModel(parsed.value.model);
    if (!model) {
        sendError(context, 'not_found', responder.unknownModelMessage(parsed.value.model));
        return undefined;
    }
    const fault = context.faults.take(responder.dialect, parsed.value.model);
    if (fault && applyReplacingFault(context, fault))
        return undefined;
    return fault ? { value: parsed.value, model, fault } : { value: parsed.value, model };
}
//# sourceMappingURL=admit-request.js.map