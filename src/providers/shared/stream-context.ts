import type { Warning } from '../../core/canonical/result.ts';
import type { AdapterSettings } from '../../core/provider/adapter.ts';

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

/** The {@link StreamContext} of one call: the requested model, the conversion warnings and the adapter's settings. */
export function streamContext(requestModel: string, warnings: Warning[], settings: AdapterSettings): StreamContext {
  const context: StreamContext = { requestModel, warnings, providerId: settings.providerId };
  if (settings.apiKey) context.apiKey = settings.apiKey;
  return context;
}
