import type { Classification } from '../core/catalog/catalog-schema.ts';
import { combineInherited, type InheritedProfile } from '../core/profile/inherit-profile.ts';
import { classificationRank } from '../core/profile/index.ts';
import type { Principal } from '../core/principal.ts';

/** The header naming the conversation a request belongs to, on `/mcp` requests and model requests alike. */
export const conversationHeader = 'x-sovereign-conversation';

const conversationPattern = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The conversation id of a request's headers, or undefined when it has none or one that is not 1 to 128 letters,
 * digits and `._:-` (an invalid id counts as none, which is the wider scope, never the narrower).
 */
export function conversationOf(headers: { get(name: string): string | null }): string | undefined {
  const value = headers.get(conversationHeader)?.trim();
  return value && conversationPattern.test(value) ? value : undefined;
}

/** How far a remembered tool result reaches (`mcp.resultMemory.scope`). */
export type ResultMemoryScope = 'key' | 'conversation';

/** A raised classification remembered for one principal (and conversation), until `expiresAt` (ms). */
interface Remembered {
  classification: Classification;
  caveats: Set<string>;
  expiresAt: number;
}

/**
 * What tool results carrying a classification marking raised, remembered so that the caller's later model requests
 * and tool calls are held to it even when the client paraphrases the result away (the marking no longer in the
 * text the detectors read). See {@link createToolResultMemory}.
 */
export interface ToolResultMemory {
  /** Remembers that the principal (in `conversation`) received a result at `classification` with `caveats`. */
  raise(principal: Principal, conversation: string | undefined, classification: Classification, caveats: readonly string[]): void;
  /** What the principal's request (in `conversation`) is held to, or undefined when nothing is remembered. */
  recall(principal: Principal, conversation: string | undefined): InheritedProfile | undefined;
}

/** The most conversations remembered per key; past it a new one is remembered for the whole key (wider, never lost). */
const maxConversationsPerKey = 1_000;

/** Remembered under this name: for the whole key (`scope: key`, or a result received without a conversation id). */
const wholeKey = '';

/**
 * The memory of classified tool results, in this process, per key (tenant and key id) for `ttlMs` after the last
 * such result:
 * - `scope: 'key'` (default): every later model request and tool call of the key is held to the highest level its
 *   tool results carried; nothing a client sends can narrow that.
 * - `scope: 'conversation'`: a result received with an `x-sovereign-conversation` id holds the requests with that
 *   id, and requests without an id; a result received without one holds every request of the key. A client that
 *   sends a different id for its model call is not held (use `key` where clients are not trusted to send the id).
 * Levels only ever rise within the time to live; the memory is not shared between processes or instances.
 */
export function createToolResultMemory(options: { ttlMs: number; scope: ResultMemoryScope; now?: () => number }): ToolResultMemory {
  const now = options.now ?? Date.now;
  const byKey = new Map<string, Map<string, Remembered>>();
  const keyOf = (principal: Principal) => `${principal.tenant}\u0000${principal.keyId}`;
  const live = (entries: Map<string, Remembered>, time: number) => {
    for (const [conversation, entry] of entries) if (entry.expiresAt <= time) entries.delete(conversation);
    return entries;
  };
  return {
    raise(principal, conversation, classification, caveats) {
      if (options.ttlMs <= 0 || (classificationRank(classification) === 0 && caveats.length === 0)) return;
      const time = now();
      const key = keyOf(principal);
      const entries = live(byKey.get(key) ?? new Map<string, Remembered>(), time);
      byKey.set(key, entries);
      let name = options.scope === 'conversation' && conversation !== undefined ? conversation : wholeKey;
      if (!entries.has(name) && entries.size >= maxConversationsPerKey) name = wholeKey;
      const entry = entries.get(name);
      if (!entry) {
        entries.set(name, { classification, caveats: new Set(caveats), expiresAt: time + options.ttlMs });
        return;
      }
      if (classificationRank(classification) > classificationRank(entry.classification)) entry.classification = classification;
      for (const caveat of caveats) entry.caveats.add(caveat);
      entry.expiresAt = time + options.ttlMs;
    },
    recall(principal, conversation) {
      const key = keyOf(principal);
      const stored = byKey.get(key);
      if (!stored) return undefined;
      const entries = live(stored, now());
      if (entries.size === 0) {
        byKey.delete(key);
        return undefined;
      }
      const holding = [...entries].filter(([name]) => options.scope === 'key' || conversation === undefined || name === wholeKey || name === conversation);
      if (holding.length === 0) return undefined;
      return combineInherited(holding.map(([, entry]) => ({ classification: entry.classification, caveats: [...entry.caveats], residency: [], labels: [] })));
    },
  };
}
