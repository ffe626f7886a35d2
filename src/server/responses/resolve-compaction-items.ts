import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { InheritedProfile } from '../../core/profile/inherit-profile.ts';
import { decodeCompactionContent } from '../dialects/responses/compaction-content.ts';
import type { JsonObject } from '../dialects/responses/responses-wire-types.ts';
import type { ResolvedItems } from './resolve-item-references.ts';
import type { ResponseReader, ResponseStore } from './response-store.ts';

/**
 * Replaces the `compaction` items the gateway made (`POST /v1/responses/compact`) by user messages holding their
 * summaries, so the profile stage and redaction see exactly the text a provider will receive, and returns the
 * profiles of the stored compactions, so the turn is held to what the compacted conversation carried.
 *
 * An item is read only when the compaction it names is stored for the reader (the tenant's key that made it, or an
 * admin key of the tenant) and holds this very item: one altered, expired, another key's, or not made here is
 * refused (400 naming the item), never read without its profile. Other items pass as they are.
 */
export async function resolveCompactionItems(items: unknown, store: ResponseStore, reader: ResponseReader, param: string): Promise<ResolvedItems> {
  if (!Array.isArray(items) || !items.some(isCompaction)) return { input: items, profiles: [] };
  const resolved: unknown[] = [];
  const profiles = new Map<string, InheritedProfile>();
  for (const [index, item] of items.entries()) {
    if (!isCompaction(item) || typeof item.encrypted_content !== 'string') {
      // A compaction item without content is refused by the schema, naming its field.
      resolved.push(item);
      continue;
    }
    const content = item.encrypted_content;
    const at = `${param}[${index}].encrypted_content`;
    const decoded = decodeCompactionContent(content);
    if (!decoded) {
      throw new GatewayError('invalid_request', { param: at, message: `Invalid value for '${at}': this compaction item was not made by this gateway, and only its maker can read it.` });
    }
    const stored = await store.get(reader, decoded.responseId);
    const output = (stored?.response.output as JsonObject[] | undefined) ?? [];
    if (!stored || !output.some((candidate) => candidate.type === 'compaction' && candidate.encrypted_content === content)) {
      throw new GatewayError('invalid_request', {
        param: at,
        message: `Invalid value for '${at}': this compaction item cannot be verified (it was altered, has expired, or was made for another API key).`,
      });
    }
    profiles.set(stored.id, stored.profile);
    resolved.push({ type: 'message', role: 'user', content: [{ type: 'input_text', text: decoded.summary }] });
  }
  return { input: resolved, profiles: [...profiles.values()] };
}

function isCompaction(item: unknown): item is { type: 'compaction'; encrypted_content?: unknown } {
  return typeof item === 'object' && item !== null && (item as { type?: unknown }).type === 'compaction';
}
