import type { ChatRequest } from '../../core/canonical/request.ts';
import { messageText } from '../../core/canonical/message.ts';
import type { KeyedHasher } from './keyed-hash.ts';
import { skeletonWordHashes, type SkeletonFingerprint } from './prompt-skeleton.ts';

/**
 * One request as the extraction detector sees it: hashes, counts and timings, never the prompt. Built on the
 * request path (after the response is decided) and queued; the detector does the rest in the background.
 */
export interface ExtractionEvent {
  /** When the request completed (ms since the epoch; simulated time in the benchmark). */
  time: number;
  tenant: string;
  keyId: string;
  /** The client's network (`203.0.113.0/24`, `2001:db8:1::/48`); the detector keeps only its keyed hash. */
  network?: string;
  /** The `user-agent` header (at most 256 characters); the detector keeps only its keyed hash. */
  userAgent?: string;
  /** The model the client asked for. */
  model: string;
  /** The HTTP status answered. */
  status: number;
  /** Refused by the extraction guard itself (throttled or blocked). */
  refused: boolean;
  inputTokens: number;
  outputTokens: number;
  /** Messages in the conversation: a continued conversation repeats its earlier turns. */
  depth: number;
  /** Tools offered. */
  tools: number;
  /** Keyed hash of the tool names (0 without tools). */
  toolset: number;
  /** Keyed 52-bit hash of the system text (0 without one). */
  system: number;
  /** The skeleton fingerprint of the prompt: the last user message's text. */
  prompt: SkeletonFingerprint;
}

/** What the detector needs of a chat request, computed on the request path. */
export type PromptFingerprint = Pick<ExtractionEvent, 'depth' | 'tools' | 'toolset' | 'system' | 'prompt'>;

const emptyPrompt: SkeletonFingerprint = { words: new Uint32Array(0), hash: 0 };

/** A keyed 52-bit hash (two independent 32-bit hashes): collisions are negligible among millions of texts. */
export function hash52(hasher: KeyedHasher, text: string): number {
  return (hasher.textAlternate(text) & 0xfffff) * 0x100000000 + hasher.text(text);
}

/**
 * The fingerprint of a canonical chat request: the skeleton of its last user text (the new turn), the hashes of
 * its system text and tool names, and its shape. Reads at most the head and tail of a long prompt.
 */
export function fingerprintChat(request: ChatRequest, hasher: KeyedHasher): PromptFingerprint {
  let system = '';
  let prompt: string | undefined;
  for (let index = request.messages.length - 1; index >= 0; index--) {
    const message = request.messages[index]!;
    if (message.role === 'user' && prompt === undefined) {
      const text = messageText(message);
      if (text !== '') prompt = text;
    }
  }
  for (const message of request.messages) {
    if (message.role !== 'system') break;
    system += messageText(message);
  }
  const tools = request.tools ?? [];
  return {
    depth: request.messages.length,
    tools: tools.length,
    toolset: tools.length === 0 ? 0 : hasher.text(tools.map((tool) => tool.name).sort().join('\n')),
    system: system === '' ? 0 : hash52(hasher, system),
    prompt: prompt === undefined ? emptyPrompt : skeletonWordHashes(prompt, hasher),
  };
}
