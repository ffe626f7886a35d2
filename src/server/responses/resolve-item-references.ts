import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { JsonObject } from '../dialects/responses/responses-wire-types.ts';
import type { ResponseStore } from './response-store.ts';

/** The ids the gateway gives items (`msg_<response>_o0`, `fc_<response>_i2`) name the response that holds them. */
const itemIdPattern = /^[a-z]+_(.+)_[io]\d+$/;

/**
 * Replaces `item_reference` input items (`{type: "item_reference", id}`, as the AI SDK sends for items of a stored
 * response) by the items they name, from the tenant's stored responses; a reference to an item the gateway does not
 * hold (another tenant's, expired, or not made here) is 404 naming the input item. Other items pass as they are.
 * @see https://platform.openai.com/docs/api-reference/responses/create#responses-create-input-input_item_list-item_reference
 */
export async function resolveItemReferences(input: unknown, store: ResponseStore, tenant: string): Promise<unknown> {
  if (!Array.isArray(input) || !input.some(isReference)) return input;
  const resolved: unknown[] = [];
  for (const [index, item] of input.entries()) {
    if (!isReference(item)) {
      resolved.push(item);
      continue;
    }
    const id = typeof item.id === 'string' ? item.id : '';
    const match = itemIdPattern.exec(id);
    const stored = match ? await store.get(tenant, `resp_${match[1]}`) : undefined;
    const found = stored ? [...stored.inputItems, ...((stored.response.output as JsonObject[] | undefined) ?? [])].find((candidate) => candidate.id === id) : undefined;
    if (!found) throw new GatewayError('not_found', { param: `input[${index}].id`, message: `Item with id '${id.slice(0, 64)}' not found.` });
    resolved.push(found);
  }
  return resolved;
}

function isReference(item: unknown): item is { type: 'item_reference'; id?: unknown } {
  return typeof item === 'object' && item !== null && (item as { type?: unknown }).type === 'item_reference';
}
