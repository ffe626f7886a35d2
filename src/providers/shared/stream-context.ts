import type { Warning } from '../../core/canonical/result.ts';

/** What a stream parser of a translated (non pass-through) answer needs besides the body. */
export interface StreamContext {
  /** The model asked for; used when the answer names none. */
  requestModel: string;
  /** Warnings from the request conversion, sent in `stream-start`. */
  warnings: Warning[];
  providerId: string;
  /** Removed from error messages should the provider echo it. */
  apiKey?: string;
}
