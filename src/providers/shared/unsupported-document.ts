import type { DocumentPart } from '../../core/canonical/message.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';

/**
 * The error for a document a provider cannot read (a PDF by URL for OpenAI-compatible providers, any PDF for
 * Ollama): the request is refused with a 400 naming the provider kind, never sent without the document.
 */
export function unsupportedDocument(part: DocumentPart, provider: string): GatewayError {
  const source = part.url !== undefined ? 'by URL' : part.data !== undefined ? 'inline' : 'by file id';
  return new GatewayError('invalid_request', {
    message: `A ${part.mediaType} document given ${source} cannot be sent to ${provider} providers; send it as base64 data or text, or use a model served by an Anthropic provider.`,
    param: 'messages',
  });
}

/** The text of a plain-text document, or `undefined` for binary documents. */
export function documentText(part: DocumentPart): string | undefined {
  return part.text;
}
