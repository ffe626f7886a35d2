import { GatewayError } from '../../core/errors/gateway-error.ts';
import { combineInherited, type InheritedProfile } from '../../core/profile/inherit-profile.ts';
import type { JsonObject } from '../dialects/responses/responses-wire-types.ts';
import { resolveCompactionItems } from './resolve-compaction-items.ts';
import { resolveItemReferences } from './resolve-item-references.ts';
import type { ResponseReader, ResponseStore } from './response-store.ts';

/** What a Responses turn continues and sends, resolved from the store. */
export interface ResolvedTurnInput {
  /** The client's `input` with `item_reference` and compaction items resolved (the same value when it had none). */
  input: unknown;
  /** `previous_response_id`, when given. */
  previousId?: string;
  /** The stored conversation `previous_response_id` names, compaction items resolved. */
  previousItems?: JsonObject[];
  /** What every stored response the turn draws on carried (chain, references, compactions); undefined when none. */
  inherited?: InheritedProfile;
}

/**
 * Resolves everything a Responses turn takes from the store: the conversation `previous_response_id` names, the
 * items `item_reference`s name, and the gateway's compaction items (their summaries). Everything comes from the
 * responses the reader may read, and the turn inherits the profile of each, whichever way it was reached.
 */
export async function resolveTurnInput(body: Record<string, unknown>, store: ResponseStore, reader: ResponseReader): Promise<ResolvedTurnInput> {
  refuseInternalKeys(body);
  const previousId = typeof body.previous_response_id === 'string' && body.previous_response_id !== '' ? body.previous_response_id : undefined;
  const profiles: InheritedProfile[] = [];
  let previousItems: JsonObject[] | undefined;
  if (previousId) {
    const previous = await store.conversation(reader, previousId, 'previous_response_id');
    profiles.push(previous.inherited);
    const compacted = await resolveCompactionItems(previous.items, store, reader, 'previous_response_id');
    profiles.push(...compacted.profiles);
    previousItems = compacted.input as JsonObject[];
  }
  const referenced = await resolveItemReferences(body.input, store, reader);
  const compacted = await resolveCompactionItems(referenced.input, store, reader, 'input');
  profiles.push(...referenced.profiles, ...compacted.profiles);
  return {
    input: compacted.input,
    ...(previousId ? { previousId } : {}),
    ...(previousItems ? { previousItems } : {}),
    ...(profiles.length > 0 ? { inherited: combineInherited(profiles) } : {}),
  };
}

/**
 * The prefix of the keys the gateway itself adds to a body it works on (the stored conversation, see
 * `storedItemsKey`): a client's body carrying one is refused as an unknown parameter, so none can be injected.
 */
export const internalKeyPrefix = '__sovereign';

function refuseInternalKeys(body: Record<string, unknown>): void {
  for (const key of Object.keys(body)) {
    if (key.toLowerCase().startsWith(internalKeyPrefix)) {
      throw new GatewayError('invalid_request', { param: key.slice(0, 64), message: `Unknown parameter: '${key.slice(0, 64)}'.` });
    }
  }
}
