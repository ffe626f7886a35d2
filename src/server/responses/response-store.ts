import type { DataProfile } from '../../core/profile/data-profile.ts';
import { combineInherited, type InheritedProfile } from '../../core/profile/inherit-profile.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { Principal } from '../../core/principal.ts';
import { hasEndpointScope } from '../../security/keys/check-scope.ts';
import type { ResponseRepository, StoredProfile, StoredResponse } from '../../store/response-repository.ts';
import type { JsonObject, ResponsesObject } from '../dialects/responses/responses-wire-types.ts';

export interface ResponseStoreOptions {
  repository: ResponseRepository;
  /** How long a stored response is kept (seconds). */
  ttlSeconds: number;
  /** The longest chain of `previous_response_id` links one request may continue. */
  maxChainLength: number;
  /** Expired responses are swept after every this many stores. */
  sweepEvery?: number;
  now?: () => number;
  onError?: (error: unknown) => void;
}

/** A stored conversation a new turn continues: every item so far, oldest first, and what it carried. */
export interface StoredConversation {
  items: JsonObject[];
  /** The highest classification any response in the chain carried, their residency and labels, as a declaration. */
  inherited: InheritedProfile;
}

/**
 * Who reads, continues or deletes a stored response: the key that created it, or an admin key (scope `admin` or
 * `admin:*`) of its tenant. To anyone else, the response does not exist.
 */
export interface ResponseReader {
  tenant: string;
  keyId: string;
  admin: boolean;
}

/** The stored answers of the Responses API, with their time to live and `previous_response_id` chains. */
export interface ResponseStore {
  save(entry: { tenant: string; keyId: string; previousResponseId?: string; inputItems: JsonObject[]; response: ResponsesObject; profile?: DataProfile }): Promise<void>;
  get(reader: ResponseReader, id: string): Promise<StoredResponse | undefined>;
  delete(reader: ResponseReader, id: string): Promise<boolean>;
  /** The conversation up to and including response `id`; `not_found` (naming `param`) when any link is gone. */
  conversation(reader: ResponseReader, id: string, param: string): Promise<StoredConversation>;
}

/**
 * Builds the store over a repository. Reads and deletes are scoped to the tenant and to the key that created the
 * response (or an admin key of the tenant, see {@link ResponseReader}); expired responses do not exist.
 */
export function createResponseStore(options: ResponseStoreOptions): ResponseStore {
  const now = options.now ?? Date.now;
  const sweepEvery = options.sweepEvery ?? 256;
  let stores = 0;
  const repository = options.repository;
  return {
    async save(entry) {
      const createdAt = now();
      await repository.put({
        id: entry.response.id,
        tenant: entry.tenant,
        keyId: entry.keyId,
        createdAt,
        expiresAt: createdAt + options.ttlSeconds * 1000,
        ...(entry.previousResponseId ? { previousResponseId: entry.previousResponseId } : {}),
        response: entry.response,
        inputItems: entry.inputItems,
        profile: storedProfile(entry.profile),
      });
      if (++stores % sweepEvery === 0) repository.deleteExpired(now()).catch((error: unknown) => options.onError?.(error));
    },
    get: (reader, id) => readable(reader, id),
    async delete(reader, id) {
      if (!(await readable(reader, id))) return false;
      return repository.delete(reader.tenant, id, now());
    },
    async conversation(reader, id, param) {
      const chain: StoredResponse[] = [];
      const seen = new Set<string>();
      let next: string | undefined = id;
      while (next !== undefined) {
        if (seen.has(next) || chain.length >= options.maxChainLength) {
          throw new GatewayError('invalid_request', { param, message: `The chain of previous responses from '${id.slice(0, 64)}' is longer than ${options.maxChainLength} responses.` });
        }
        seen.add(next);
        const stored = await readable(reader, next);
        if (!stored) throw new GatewayError('not_found', { param, message: `Previous response with id '${next.slice(0, 64)}' not found.` });
        chain.push(stored);
        next = stored.previousResponseId;
      }
      chain.reverse();
      const items: JsonObject[] = [];
      for (const stored of chain) items.push(...stored.inputItems, ...((stored.response.output as JsonObject[] | undefined) ?? []));
      return { items, inherited: combineInherited(chain.map((stored) => stored.profile)) };
    },
  };

  async function readable(reader: ResponseReader, id: string): Promise<StoredResponse | undefined> {
    const stored = await repository.get(reader.tenant, id, now());
    return stored && (reader.admin || stored.keyId === reader.keyId) ? stored : undefined;
  }
}

/** The reader a principal is: an admin key of the tenant reads every stored response of it, other keys their own. */
export function responseReaderOf(principal: Principal): ResponseReader {
  return { tenant: principal.tenant, keyId: principal.keyId, admin: hasEndpointScope(principal, 'admin') };
}

function storedProfile(profile: DataProfile | undefined): StoredProfile {
  if (!profile) return { classification: 'UNCLASSIFIED', caveats: [], residency: [], labels: [] };
  return { classification: profile.classification, caveats: profile.caveats, residency: profile.residency, labels: profile.labels };
}
