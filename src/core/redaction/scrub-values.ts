import type { TextFinding } from '../profile/data-profile.ts';
import type { StreamPart } from '../canonical/stream-part.ts';
import { foundValues } from './found-values.ts';
import { placeholderFor } from './placeholder.ts';
import { isRedactableFinding } from './redact-texts.ts';
import { createTokenReplacer } from './token-replacer.ts';

/** Pieces of a split value shorter than this are not scrubbed on their own (`E` would scrub every capital E). */
const minimumScrubbedPiece = 4;

/**
 * A function that replaces every value the detectors found in a request (personal data, credentials) with its
 * typed placeholder wherever it appears in a text, for what the gateway itself says about the request: error
 * messages that echo a provider's words (`Invalid content: ...`) and the decision's attempt log. Unlike
 * `redactTexts` it keeps no way back.
 * @param texts the request's texts as the client sent them (before any redaction)
 */
export function createValueScrubber(texts: readonly string[], findings: readonly TextFinding[]): (text: string) => string {
  const tokens = new Map<string, string>();
  const next = new Map<string, number>();
  for (const { kind, value, pieces } of foundValues(texts, findings.filter(isRedactableFinding))) {
    if (!value || tokens.has(value)) continue;
    const ordinal = next.get(kind) ?? 1;
    next.set(kind, ordinal + 1);
    const placeholder = placeholderFor(kind, ordinal);
    tokens.set(value, placeholder);
    // A value split over texts: a provider's error may quote one text, so its longer pieces are scrubbed too.
    if (pieces.length > 1) {
      for (const piece of pieces) {
        const part = texts[piece.text]!.slice(piece.start, piece.end);
        if (part.length >= minimumScrubbedPiece && !tokens.has(part)) tokens.set(part, placeholder);
      }
    }
  }
  const replacer = createTokenReplacer(tokens);
  return (text) => replacer.replace(text);
}

/** Scrubs an error's message and stack in place (the stack repeats the message) and returns it. */
export function scrubError<Thrown>(error: Thrown, scrub: (text: string) => string): Thrown {
  if (error instanceof Error) {
    const message = scrub(error.message);
    if (message !== error.message) {
      error.message = message;
      if (error.stack !== undefined) error.stack = scrub(error.stack);
    }
  }
  return error;
}

/** Passes a stream on, scrubbing the messages of its `error` parts and of anything it throws. */
export async function* scrubStreamErrors(parts: AsyncIterable<StreamPart>, scrub: (text: string) => string): AsyncGenerator<StreamPart> {
  try {
    for await (const part of parts) {
      if (part.type === 'error') scrubError(part.error, scrub);
      yield part;
    }
  } catch (error) {
    throw scrubError(error, scrub);
  }
}
