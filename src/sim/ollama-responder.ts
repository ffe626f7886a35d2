import { toolRoundsOf, type SimulatedAnswer, type SimulatedPrompt, type SimulatedTool } from './answer-planner.ts';
import { chatTurnKinds } from './chat-turn-kinds.ts';
import type { DialectResponder, EmbeddingPrompt, ErrorReply, Parsed, RenderContext, SimulatedErrorKind } from './dialect-responder.ts';
import { asArray, asRecord, finiteNumber, isRecord, nonEmptyString } from './json-values.ts';
import type { StreamFrame, StreamPlan } from './stream-sender.ts';

const errorStatuses: Record<SimulatedErrorKind, number> = {
  invalid_request: 400,
  authentication: 401,
  not_found: 404,
  rate_limit: 429,
  server_error: 500,
  unavailable: 503,
  overloaded: 503,
};

const doneReasons: Record<SimulatedAnswer['finish'], string> = { stop: 'stop', length: 'length', 'tool-call': 'stop' };

/**
 * Ollama's native API: `POST /api/chat` (NDJSON, and streaming is the default when `stream` is absent),
 * `GET /api/tags`, `POST /api/embed`. Errors are `{"error": "..."}`. Tool calls come whole in
 * `message.tool_calls` with `arguments` as an object and no id, as older Ollama versions send them.
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md#generate-embeddings
 */
export const ollamaResponder: DialectResponder = {
  dialect: 'ollama',

  isAuthorized: () => true,

  errorReply: (kind, message): ErrorReply => ({ status: errorStatuses[kind], body: { error: message } }),

  answerHeaders: () => ({}),

  parseChat(body): Parsed<SimulatedPrompt> {
    if (!isRecord(body)) return { ok: false, message: 'invalid character in request body' };
    const model = nonEmptyString(body.model);
    if (!model) return { ok: false, message: 'model is required' };
    if (body.messages !== undefined && !Array.isArray(body.messages)) return { ok: false, message: 'messages must be an array' };
    const messages = asArray(body.messages).map(asRecord);
    const texts = messages.map(messageText);
    const last = messages[messages.length - 1] ?? {};
    const options = asRecord(body.options);
    const prompt: SimulatedPrompt = {
      model,
      stream: body.stream !== false,
      texts,
      lastMessageText: messageText(last),
      ...toolProgress(messages),
      tools: readTools(body.tools),
      toolChoice: { type: 'auto' },
    };
    const maxTokens = finiteNumber(options.num_predict);
    if (maxTokens !== undefined && maxTokens >= 0) prompt.maxOutputTokens = maxTokens;
    if (body.format === 'json') prompt.responseFormat = { type: 'json' };
    else if (isRecord(body.format)) prompt.responseFormat = { type: 'json', schema: body.format };
    return { ok: true, value: prompt };
  },

  chatBody(context) {
    return finalLine(context, context.answer.toolCall ? '' : context.answer.text, true);
  },

  chatStream(context: RenderContext): StreamPlan {
    const { answer, prompt, now } = context;
    const line = (value: unknown) => `${JSON.stringify(value)}\n`;
    const createdAt = new Date(now).toISOString();
    const frames: StreamFrame[] = [];
    if (answer.toolCall) {
      frames.push({ kind: 'content', text: line({ model: prompt.model, created_at: createdAt, message: { role: 'assistant', content: '', tool_calls: toolCalls(answer) }, done: false }) });
    } else {
      for (const content of answer.chunks) frames.push({ kind: 'content', text: line({ model: prompt.model, created_at: createdAt, message: { role: 'assistant', content }, done: false }) });
    }
    frames.push({ kind: 'terminal', text: line(finalLine(context, '', false)) });
    return {
      contentType: 'application/x-ndjson',
      frames,
      malformed: `{"model":"${prompt.model}","created_at":"${createdAt}","message":{"role":"assistant","content":\n`,
    };
  },

  parseEmbedding(body): Parsed<EmbeddingPrompt> {
    if (!isRecord(body)) return { ok: false, message: 'invalid character in request body' };
    const model = nonEmptyString(body.model);
    if (!model) return { ok: false, message: 'model is required' };
    const inputs = typeof body.input === 'string' ? [body.input] : asArray(body.input).map(String);
    const prompt: EmbeddingPrompt = { model, inputs };
    const dimensions = finiteNumber(body.dimensions);
    if (dimensions !== undefined) prompt.dimensions = dimensions;
    return { ok: true, value: prompt };
  },

  embeddingBody: (prompt, vectors, inputTokens) => ({ model: prompt.model, embeddings: vectors, total_duration: 1_000_000, load_duration: 0, prompt_eval_count: inputTokens }),

  modelList: (names) => ({
    models: names.map((name) => ({
      name,
      model: name,
      modified_at: '2025-01-01T00:00:00Z',
      size: 4_000_000_000,
      digest: 'sha256:0000000000000000000000000000000000000000000000000000000000000000',
      details: { parent_model: '', format: 'gguf', family: 'sim', families: ['sim'], parameter_size: '7B', quantization_level: 'Q4_K_M' },
    })),
  }),

  unknownModelMessage: (model) => `model "${model}" not found, try pulling it first`,
};

function finalLine(context: RenderContext, content: string, withToolCalls: boolean) {
  const { answer, prompt, now } = context;
  const message: Record<string, unknown> = { role: 'assistant', content };
  if (withToolCalls && answer.toolCall) message.tool_calls = toolCalls(answer);
  return {
    model: prompt.model,
    created_at: new Date(now).toISOString(),
    message,
    done_reason: doneReasons[answer.finish],
    done: true,
    total_duration: (answer.inputTokens + answer.outputTokens) * 1_000_000,
    load_duration: 0,
    prompt_eval_count: answer.inputTokens,
    prompt_eval_duration: answer.inputTokens * 100_000,
    eval_count: answer.outputTokens,
    eval_duration: answer.outputTokens * 900_000,
  };
}

function toolCalls(answer: SimulatedAnswer) {
  return answer.toolCall ? [{ function: { name: answer.toolCall.name, arguments: answer.toolCall.arguments } }] : [];
}

/** Text of an Ollama message: its content, and its tool calls' arguments as JSON. */
function messageText(message: Record<string, unknown>): string {
  let text = typeof message.content === 'string' ? message.content : '';
  for (const call of asArray(message.tool_calls)) text += JSON.stringify(asRecord(asRecord(call).function).arguments ?? {});
  return text;
}

function readTools(tools: unknown): SimulatedTool[] {
  const result: SimulatedTool[] = [];
  for (const tool of asArray(tools).map(asRecord)) {
    const fn = asRecord(tool.function);
    if (typeof fn.name === 'string') result.push({ name: fn.name, schema: asRecord(fn.parameters) });
  }
  return result;
}

/** Tool rounds since the user last wrote, and the user's last text (see `toolRoundsOf` and `chatTurnKinds`). */
function toolProgress(messages: Array<Record<string, unknown>>): Pick<SimulatedPrompt, 'toolRounds' | 'userText'> {
  const turns = chatTurnKinds(messages);
  const lastUser = messages.findLast((_message, index) => turns[index] === 'user');
  return { toolRounds: toolRoundsOf(turns), userText: lastUser ? messageText(lastUser) : '' };
}
