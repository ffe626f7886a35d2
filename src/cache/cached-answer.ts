import type { EmbeddingResult } from '../core/canonical/request.ts';
import type { ChatResult } from '../core/canonical/result.ts';
import type { StreamPart } from '../core/canonical/stream-part.ts';

/** Where a cached answer came from: the provider and model that produced it, and when (ms since the epoch). */
interface Provenance {
  providerId: string;
  model: string;
  createdAt: number;
}

/** A stream part as stored: every kind except `error` (a stream with an error is never stored). */
export type StoredStreamPart = Exclude<StreamPart, { type: 'error' }>;

/** What the cache stores: a complete result, the parts of a clean stream as the client received them, or vectors. */
export type CachedAnswer =
  | (Provenance & { kind: 'result'; result: ChatResult })
  | (Provenance & { kind: 'stream'; parts: StoredStreamPart[] })
  | (Provenance & { kind: 'embedding'; result: EmbeddingResult });

export function serialiseCachedAnswer(answer: CachedAnswer): string {
  return JSON.stringify(answer);
}

/** Parses a stored answer; anything malformed (another version, a corrupted entry) is undefined, i.e. a miss. */
export function parseCachedAnswer(text: string): CachedAnswer | undefined {
  try {
    const value = JSON.parse(text) as Partial<CachedAnswer>;
    if (typeof value.providerId !== 'string' || typeof value.model !== 'string' || typeof value.createdAt !== 'number') return undefined;
    if (value.kind === 'stream' && Array.isArray(value.parts)) return value as CachedAnswer;
    if ((value.kind === 'result' || value.kind === 'embedding') && typeof value.result === 'object' && value.result !== null) return value as CachedAnswer;
    return undefined;
  } catch {
    return undefined;
  }
}
