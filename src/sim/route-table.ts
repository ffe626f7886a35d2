import type { Dialect } from './simulator-types.ts';

export type Operation = 'chat' | 'embed' | 'models' | 'count-tokens' | 'unknown';

export interface RouteMatch {
  dialect: Dialect;
  operation: Operation;
  /** Gemini: the model named in the path, without `models/`. */
  pathModel?: string;
  /** Gemini: the method after the colon (`generateContent`, `streamGenerateContent`, ...). */
  method?: string;
}

const geminiPath = /^\/(?:v1|v1beta)\/models\/([^/:]+):(generateContent|streamGenerateContent|embedContent|batchEmbedContents)$/;

/**
 * Which dialect and operation a request is for. One server serves all four dialects; `GET /v1/models` is
 * Anthropic's list when the request carries `anthropic-version`, OpenAI's otherwise. Unknown paths get the
 * dialect their prefix suggests, so the 404 comes in a shape the client understands.
 */
export function matchRoute(httpMethod: string, path: string, headers: Record<string, string>): RouteMatch {
  const key = `${httpMethod} ${path}`;
  switch (key) {
    case 'POST /v1/chat/completions':
      return { dialect: 'openai', operation: 'chat' };
    case 'POST /v1/embeddings':
      return { dialect: 'openai', operation: 'embed' };
    case 'GET /v1/models':
      return { dialect: headers['anthropic-version'] !== undefined ? 'anthropic' : 'openai', operation: 'models' };
    case 'POST /v1/messages':
      return { dialect: 'anthropic', operation: 'chat' };
    case 'POST /v1/messages/count_tokens':
      return { dialect: 'anthropic', operation: 'count-tokens' };
    case 'GET /v1beta/models':
      return { dialect: 'gemini', operation: 'models' };
    case 'POST /api/chat':
      return { dialect: 'ollama', operation: 'chat' };
    case 'POST /api/embed':
      return { dialect: 'ollama', operation: 'embed' };
    case 'GET /api/tags':
      return { dialect: 'ollama', operation: 'models' };
  }
  const gemini = httpMethod === 'POST' ? geminiPath.exec(path) : null;
  if (gemini) {
    const method = gemini[2] as string;
    const operation = method === 'embedContent' || method === 'batchEmbedContents' ? 'embed' : 'chat';
    return { dialect: 'gemini', operation, pathModel: decodeURIComponent(gemini[1] as string), method };
  }
  return { dialect: guessDialect(path), operation: 'unknown' };
}

function guessDialect(path: string): Dialect {
  if (path.startsWith('/v1beta/')) return 'gemini';
  if (path.startsWith('/api/')) return 'ollama';
  if (path.startsWith('/v1/messages')) return 'anthropic';
  return 'openai';
}
