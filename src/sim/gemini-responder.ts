import { toolRoundsOf, type SimulatedAnswer, type SimulatedPrompt, type SimulatedTool, type TurnKind } from './answer-planner.ts';
import type { DialectResponder, EmbeddingPrompt, ErrorReply, Parsed, RenderContext, SimulatedErrorKind } from './dialect-responder.ts';
import { asArray, asRecord, finiteNumber, isRecord } from './json-values.ts';
import { sseFrame } from './sse-frame.ts';
import type { StreamFrame, StreamPlan } from './stream-sender.ts';

const errorShapes: Record<SimulatedErrorKind, { status: number; code: string }> = {
  invalid_request: { status: 400, code: 'INVALID_ARGUMENT' },
  authentication: { status: 401, code: 'UNAUTHENTICATED' },
  not_found: { status: 404, code: 'NOT_FOUND' },
  rate_limit: { status: 429, code: 'RESOURCE_EXHAUSTED' },
  server_error: { status: 500, code: 'INTERNAL' },
  unavailable: { status: 503, code: 'UNAVAILABLE' },
  overloaded: { status: 503, code: 'UNAVAILABLE' },
};

const finishReasons: Record<SimulatedAnswer['finish'], string> = { stop: 'STOP', length: 'MAX_TOKENS', 'tool-call': 'STOP' };

/**
 * Gemini API (Generative Language v1beta): `models/{model}:generateContent`, `:streamGenerateContent` (SSE with
 * CRLF when `alt=sse`, else one streamed JSON array), `:embedContent`, `:batchEmbedContents`, `GET models`.
 * A function call is answered as a `functionCall` part with finish reason `STOP`, as Gemini does.
 * @see https://ai.google.dev/api/generate-content
 * @see https://ai.google.dev/api/embeddings
 * @see https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes
 */
export const geminiResponder: DialectResponder = {
  dialect: 'gemini',

  isAuthorized: (route, apiKey) => route.headers['x-goog-api-key'] === apiKey || route.query.key === apiKey,

  errorReply(kind, message): ErrorReply {
    const shape = errorShapes[kind];
    return { status: shape.status, body: { error: { code: shape.status, message, status: shape.code } } };
  },

  answerHeaders: () => ({}),

  parseChat(body, route): Parsed<SimulatedPrompt> {
    if (!isRecord(body)) return { ok: false, message: 'Invalid JSON payload received.' };
    if (!Array.isArray(body.contents) || body.contents.length === 0) return { ok: false, message: '* GenerateContentRequest.contents: contents is not specified\n' };
    const texts: string[] = [partsText(asRecord(body.systemInstruction).parts)];
    for (const content of body.contents.map(asRecord)) texts.push(partsText(content.parts));
    const last = asRecord(body.contents[body.contents.length - 1]);
    const generation = asRecord(body.generationConfig);
    const prompt: SimulatedPrompt = {
      model: route.pathModel ?? '',
      stream: route.method === 'streamGenerateContent',
      texts,
      lastMessageText: partsText(last.parts),
      toolRounds: toolRoundsOf(body.contents.map(asRecord).map(turnKind)),
      userText: partsText(body.contents.map(asRecord).findLast((content) => turnKind(content) === 'user')?.parts),
      tools: readTools(body.tools),
      toolChoice: readToolChoice(asRecord(asRecord(body.toolConfig).functionCallingConfig)),
      framing: route.query.alt === 'sse' ? 'sse' : 'json-array',
    };
    const maxTokens = finiteNumber(generation.maxOutputTokens);
    if (maxTokens !== undefined) prompt.maxOutputTokens = maxTokens;
    if (generation.responseMimeType === 'application/json') {
      const schema = generation.responseJsonSchema ?? generation.responseSchema;
      prompt.responseFormat = isRecord(schema) ? { type: 'json', schema } : { type: 'json' };
    }
    return { ok: true, value: prompt };
  },

  chatBody(context) {
    const { answer } = context;
    const parts = answer.toolCall ? [{ functionCall: { name: answer.toolCall.name, args: answer.toolCall.arguments } }] : [{ text: answer.text }];
    return response(context, parts, answer.outputTokens, finishReasons[answer.finish]);
  },

  chatStream(context: RenderContext): StreamPlan {
    const { answer, prompt } = context;
    const sse = prompt.framing === 'sse';
    const payloads: Array<{ kind: StreamFrame['kind']; body: unknown }> = [];
    if (answer.toolCall) {
      payloads.push({ kind: 'content', body: response(context, [{ functionCall: { name: answer.toolCall.name, args: answer.toolCall.arguments } }], answer.outputTokens) });
    } else {
      answer.chunks.forEach((text, index) => payloads.push({ kind: 'content', body: response(context, [{ text }], index + 1) }));
    }
    payloads.push({ kind: 'terminal', body: response(context, [{ text: '' }], answer.outputTokens, finishReasons[answer.finish]) });
    const frames: StreamFrame[] = sse ? [] : [{ kind: 'preamble', text: '[' }];
    payloads.forEach(({ kind, body }, index) => {
      frames.push({ kind, text: sse ? sseFrame(body, undefined, '\r\n') : `${index === 0 ? '' : ',\r\n'}${JSON.stringify(body)}` });
    });
    if (!sse) frames.push({ kind: 'terminal', text: ']' });
    return {
      contentType: sse ? 'text/event-stream' : 'application/json; charset=UTF-8',
      frames,
      malformed: sse ? 'data: {"candidates": [{"content": {"parts": [{"text": \r\n\r\n' : ',\r\n{"candidates": [{"content": {"parts": [{"text": ',
    };
  },

  parseEmbedding(body, route): Parsed<EmbeddingPrompt> {
    if (!isRecord(body)) return { ok: false, message: 'Invalid JSON payload received.' };
    const model = route.pathModel ?? '';
    if (route.method === 'embedContent') {
      if (!isRecord(body.content)) return { ok: false, message: '* EmbedContentRequest.content: content is not specified\n' };
      return { ok: true, value: withDimensions({ model, inputs: [partsText(body.content.parts)] }, body.outputDimensionality) };
    }
    if (!Array.isArray(body.requests) || body.requests.length === 0) return { ok: false, message: '* BatchEmbedContentsRequest.requests: requests is not specified\n' };
    const requests = body.requests.map(asRecord);
    return { ok: true, value: withDimensions({ model, inputs: requests.map((request) => partsText(asRecord(request.content).parts)) }, requests[0]?.outputDimensionality) };
  },

  embeddingBody: (_prompt, vectors, _inputTokens, route) =>
    route.method === 'embedContent' ? { embedding: { values: vectors[0] ?? [] } } : { embeddings: vectors.map((values) => ({ values })) },

  modelList: (names) => ({
    models: names.map((name) => ({
      name: `models/${name}`,
      version: '001',
      displayName: name,
      inputTokenLimit: 1_048_576,
      outputTokenLimit: 8192,
      supportedGenerationMethods: ['generateContent', 'countTokens', 'embedContent', 'batchEmbedContents'],
    })),
  }),

  unknownModelMessage: (model) => `models/${model} is not found for API version v1beta, or is not supported for generateContent.`,
};

function withDimensions(prompt: EmbeddingPrompt, dimensions: unknown): EmbeddingPrompt {
  const value = finiteNumber(dimensions);
  if (value !== undefined) prompt.dimensions = value;
  return prompt;
}

function response(context: RenderContext, parts: unknown[], candidatesTokens: number, finishReason?: string) {
  const { answer, prompt, requestId } = context;
  return {
    candidates: [{ content: { parts, role: 'model' }, ...(finishReason ? { finishReason } : {}), index: 0 }],
    usageMetadata: {
      promptTokenCount: answer.inputTokens,
      candidatesTokenCount: candidatesTokens,
      totalTokenCount: answer.inputTokens + candidatesTokens,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: answer.inputTokens }],
      ...(answer.promptCache && answer.promptCache.readTokens > 0 ? { cachedContentTokenCount: answer.promptCache.readTokens } : {}),
    },
    modelVersion: prompt.model,
    responseId: `sim${requestId}`,
  };
}

/** Text of Gemini parts: text, function calls' args and function responses as JSON. */
function partsText(parts: unknown): string {
  let text = '';
  for (const part of asArray(parts).map(asRecord)) {
    if (typeof part.text === 'string') text += part.text;
    else if (isRecord(part.functionCall)) text += JSON.stringify(part.functionCall.args ?? {});
    else if (isRecord(part.functionResponse)) text += JSON.stringify(part.functionResponse.response ?? {});
  }
  return text;
}

function readTools(tools: unknown): SimulatedTool[] {
  const result: SimulatedTool[] = [];
  for (const tool of asArray(tools).map(asRecord)) {
    for (const declaration of asArray(tool.functionDeclarations).map(asRecord)) {
      if (typeof declaration.name === 'string') result.push({ name: declaration.name, schema: asRecord(declaration.parametersJsonSchema ?? declaration.parameters) });
    }
  }
  return result;
}

function readToolChoice(config: Record<string, unknown>): SimulatedPrompt['toolChoice'] {
  if (config.mode === 'NONE') return { type: 'none' };
  if (config.mode === 'ANY') {
    const allowed = asArray(config.allowedFunctionNames);
    return typeof allowed[0] === 'string' ? { type: 'tool', name: allowed[0] } : { type: 'required' };
  }
  return { type: 'auto' };
}

/** A Gemini turn for `toolRoundsOf`: user parts with function responses are tool results, model parts with calls tool calls. */
function turnKind(content: Record<string, unknown>): TurnKind {
  const parts = asArray(content.parts).map(asRecord);
  if (content.role === 'model') return parts.some((part) => isRecord(part.functionCall)) ? 'tool-call' : 'other';
  return parts.some((part) => isRecord(part.functionResponse)) ? 'tool-result' : 'user';
}
