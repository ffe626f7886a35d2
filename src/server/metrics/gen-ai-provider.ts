import type { ProviderEntry } from '../../core/catalog/catalog-schema.ts';

/** Well-known `gen_ai.provider.name` values by API host, for providers reached through the OpenAI-compatible protocol. */
const knownHosts: ReadonlyArray<[suffix: string, name: string]> = [
  ['api.openai.com', 'openai'],
  ['.openai.azure.com', 'azure.ai.openai'],
  ['api.mistral.ai', 'mistral_ai'],
  ['api.groq.com', 'groq'],
  ['api.deepseek.com', 'deepseek'],
  ['api.x.ai', 'x_ai'],
  ['api.perplexity.ai', 'perplexity'],
  ['api.cohere.com', 'cohere'],
  ['api.anthropic.com', 'anthropic'],
  ['generativelanguage.googleapis.com', 'gcp.gemini'],
  ['aiplatform.googleapis.com', 'gcp.vertex_ai'],
];

const byAdapter: Record<ProviderEntry['adapter'], string> = {
  'openai-compatible': 'openai',
  anthropic: 'anthropic',
  gemini: 'gcp.gemini',
  ollama: 'ollama',
  'llama-local': 'llama.cpp',
};

/** The provider as the GenAI semantic conventions name it: its API host when known, else its wire protocol. */
export interface GenAiProvider {
  /** `gen_ai.provider.name`. */
  name: string;
  /** `server.address`: the host of the configured base URL ('' for a simulated provider). */
  serverAddress: string;
}

/**
 * Names a provider for the GenAI conventions: a known API host gives its well-known value (`mistral_ai` for
 * api.mistral.ai behind the OpenAI-compatible protocol), anything else the protocol's (`openai`, `anthropic`,
 * `gcp.gemini`, `ollama`).
 * @see https://opentelemetry.io/docs/specs/semconv/registry/attributes/gen-ai/
 */
export function genAiProvider(provider: Pick<ProviderEntry, 'adapter' | 'baseUrl' | 'azure'>): GenAiProvider {
  let host = '';
  try {
    if (provider.baseUrl) host = new URL(provider.baseUrl).hostname.toLowerCase();
  } catch {
    host = '';
  }
  const known = knownHosts.find(([suffix]) => (suffix.startsWith('.') ? host.endsWith(suffix) : host === suffix));
  const name = known?.[1] ?? (provider.azure ? 'azure.ai.openai' : byAdapter[provider.adapter]);
  return { name, serverAddress: host };
}

/** `gen_ai.operation.name` of a model endpoint. */
export function genAiOperation(endpoint: 'chat' | 'embeddings'): string {
  return endpoint === 'embeddings' ? 'embeddings' : 'chat';
}
