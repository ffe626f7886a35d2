import type { Parsed } from './dialect-responder.ts';
import { applyReplacingFault } from './fault-effects.ts';
import type { ActiveFault } from './fault-injector.ts';
import { sendError, type HandlerContext } from './handler-context.ts';
import type { SimulatedModel } from './simulator-types.ts';

export interface Admitted<T> {
  value: T;
  model: SimulatedModel;
  /** A stream fault still to apply while the answer is written. */
  fault?: ActiveFault;
}

/**
 * The steps every model request takes before it is answered: 400 for an invalid body, 404 for a model a strict
 * simulator does not serve, then a fault that replaces the answer. Returns `undefined` when one of them answered.
 */
export function admitRequest<T extends { model: string }>(context: HandlerContext, parsed: Parsed<T>): Admitted<T> | undefined {
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
  if (fault && applyReplacingFault(context, fault)) return undefined;
  return fault ? { value: parsed.value, model, fault } : { value: parsed.value, model };
}
