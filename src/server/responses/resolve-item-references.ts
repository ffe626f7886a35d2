import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { InheritedProfile } from '../../core/profile/inherit-profile.ts';
import type { JsonObject } from '../dialects/responses/responses-wire-types.ts';
import type { ResponseReader, ResponseStore } from './response-store.ts';

/** The ids the gateway gives items (`msg_<response>_o0`, `fc_<response>_i2`) name the response that holds them. */
const itemIdPattern = /^[a-z]+_(.+)_[io]\d+$/;

/** Input items with what the gateway resolved in them, and the profiles of the stored responses they came from. */
export interface ResolvedItems {
  input: unknown;
  /** What each stored response the items came from carried (once per response): the turn is held to all of them. */
  profiles: InheritedProfile[];
}

/**
 * Replaces `item_reference` input items (`{type: "item_reference", id}`, as the AI SDK sends for items of a stored
 * response) by the items they name, from the stored responses the reader may read; a reference to an item the
 * gateway does not hold for the reader (another tenant's or key's, expired, or not made here) is 404 naming the
 * input item. Other items pass as they are. The profiles of the responses referenced are returned, so the turn
 * inherits them as it does through `previous_response_id`.
 * @see https://platform.openai.com/docs/api-reference/responses/create#responses-create-input-input_item_list-item_reference
 */
export async function resolveItemReferences(input: unknown, store: ResponseStore, reader: ResponseReader): Promise<ResolvedItems> {
  if (!Array.isArray(input) || !input.some(isReference)) return { input, profiles: [] };
  const resolved: unknown[] = [];
  const profiles = new Map<string, InheritedProfile>();
  for (const [index, item] of input.entries()) {
    if (!isReference(item)) {
      resolved.push(item);
      continue;
    }
    const id = typeof item.id === 'string' ? item.id : '';
    const match = itemIdPattern.exec(id);
    const stored = match ? await store.get(reader, `resp_${match[1]}`) : undefined;
    const found = stored ? [...stored.inputItems, ...((stored.response.output as JsonObject[] | undefined) ?? [])].find((candidate) => candidate.id === id) : undefined;
    if (!stored || !found) throw new GatewayError('not_found', { param: `input[${index}].id`, message: `Item with id '${id.slice(0, 64)}' not found.` });
    profiles.set(stored.id, stored.profile);
    resolved.push(found);
  }
  return { input: resolved, profiles: [...profiles.values()] };
}

function isReference(item: unknown): item is { type: 'item_reference'; id?: unknown } {
  return typeof item === 'object' && item !== null && (item as { type?: unknown }).type === 'item_reference';
}
