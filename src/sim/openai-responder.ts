import { toolRoundsOf, type SimulatedAnswer, type SimulatedPrompt, type SimulatedTool } from './answer-planner.ts';
import { chatTurnKinds } from './chat-turn-kinds.ts';
import type { DialectResponder, EmbeddingPrompt, ErrorReply, Parsed, SimulatedErrorKind } from './dialect-responder.ts';
import { asArray, asRecord, contentText, finiteNumber, isRecord, nonEmptyString } from './json-values.ts';
import { sseFrame } from './sse-frame.ts';
import type { StreamFrame, StreamPlan } from './stream-sender.ts';

const errorShapes: Record<SimulatedErrorKind, { status: number; type: string; code: string | null }> = {
  invalid_request: { status: 400, type: 'invalid_request_error', code: null },
  authentication: { status: 401, type: 'invalid_request_error', code: 'invalid_api_key' },
  not_found: { status: 404, type: 'invalid_request_error', code: 'model_not_found' },
  rate_limit: { status: 429, type: 'requests', code: 'rate_limit_exceeded' },
  server_error: { status: 500, type: 'server_error', code: null },
  unavailable: { status: 503, type: 'server_error', code: null },
  overloaded: { status: 503, type: 'server_error', code: null },
};

const finishReasons: Record<SimulatedAnswer['finish'], string> = { stop: 'stop', length: 'length', 'tool-call': 'tool_calls' };

/**
 * OpenAI Chat Completions, Embeddings and Models.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 * @see https://platform.openai.com/docs/api-reference/chat-streaming/streaming
 * @see https://platform.openai.com/docs/api-reference/embeddings/create
 * @see https://platform.openai.com/docs/guides/error-codes
 */
export const openaiResponder: DialectResponder = {
  dialect: 'openai',

  isAuthorized: (route, apiKey) => route.headers.authorization === `Bearer ${apiKey}`,

  errorReply(kind, message): ErrorReply {
    const shape = errorShapes[kind];
    return { status: shape.status, body: { error: { message, type: shape.type, param: null, code: shape.code } } };
  },

  answerHeaders: (requestId) => ({ 'x-request-id': `req_sim${requestId}`, 'openai-processing-ms': '1' }),

  parseChat(body): Parsed<SimulatedPrompt> {
    if (!isRecord(body)) return { ok: false, message: 'We could not parse the JSON body of your request.' };
    const model = nonEmptyString(body.model);
    if (!model) return { ok: false, message: 'you must provide a model parameter' };
    if (!Array.isArray(body.messages)) return { ok: false, message: "Missing required parameter: 'messages'." };
    if (body.messages.length === 0) return { ok: false, message: "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead." };
    const texts: string[] = [];
    for (const message of body.messages.map(asRecord)) {
      if (typeof message.role !== 'string') return { ok: false, message: "Missing required parameter: 'messages[].role'." };
      texts.push(contentText(message.content));
      for (const call of asArray(message.tool_calls)) texts.push(String(asRecord(asRecord(call).function).arguments ?? ''));
    }
    const last = asRecord(body.messages[body.messages.length - 1]);
    const prompt: SimulatedPrompt = {
      model,
      stream: body.stream === true,
      texts,
      lastMessageText: contentText(last.content),
      ...toolProgress(body.messages.map(asRecord)),
      tools: readTools(body.tools),
      toolChoice: readToolChoice(body.tool_choice),
      includeUsage: asRecord(body.stream_options).include_usage === true,
    };
    const maxTokens = finiteNumber(body.max_completion_tokens) ?? finiteNumber(body.max_tokens);
    if (maxTokens !== undefined) prompt.maxOutputTokens = maxTokens;
    const format = asRecord(body.response_format);
    if (format.type === 'json_object') prompt.responseFormat = { type: 'json' };
    if (format.type === 'json_schema') {
      const schema = asRecord(format.json_schema).schema;
      prompt.responseFormat = isRecord(schema) ? { type: 'json', schema } : { type: 'json' };
    }
    return { ok: true, value: prompt };
  },

  chatBody({ requestId, prompt, answer, now }) {
    const toolCall = answer.toolCall;
    return {
      id: completionId(requestId),
      object: 'chat.completion',
      created: Math.floor(now / 1000),
      model: prompt.model,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: toolCall ? null : answer.text,
            refusal: null,
            annotations: [],
            ...(toolCall ? { tool_calls: [{ id: `call_${toolCall.idSuffix}`, type: 'function', function: { name: toolCall.name, arguments: toolCall.argumentsJson } }] } : {}),
          },
          logprobs: null,
          finish_reason: finishReasons[answer.finish],
        },
      ],
      usage: usage(answer),
      service_tier: 'default',
      system_fingerprint: 'fp_sim',
    };
  },

  chatStream({ requestId, prompt, answer, now }): StreamPlan {
    const base = { id: completionId(requestId), object: 'chat.completion.chunk', created: Math.floor(now / 1000), model: prompt.model, service_tier: 'default', system_fingerprint: 'fp_sim' };
    const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => ({
      ...base,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ...(prompt.includeUsage ? { usage: null } : {}),
    });
    const toolCall = answer.toolCall;
    const frames: StreamFrame[] = [{ kind: 'preamble', text: sseFrame(chunk({ role: 'assistant', content: toolCall ? null : '', refusal: null })) }];
    if (toolCall) {
      const id = `call_${toolCall.idSuffix}`;
      frames.push({ kind: 'content', text: sseFrame(chunk({ tool_calls: [{ index: 0, id, type: 'function', function: { name: toolCall.name, arguments: '' } }] })) });
      for (const fragment of toolCall.fragments) frames.push({ kind: 'content', text: sseFrame(chunk({ tool_calls: [{ index: 0, function: { arguments: fragment } }] })) });
    } else {
      for (const text of answer.chunks) frames.push({ kind: 'content', text: sseFrame(chunk({ content: text })) });
    }
    frames.push({ kind: 'terminal', text: sseFrame(chunk({}, finishReasons[answer.finish])) });
    if (prompt.includeUsage) frames.push({ kind: 'terminal', text: sseFrame({ ...base, choices: [], usage: usage(answer) }) });
    frames.push({ kind: 'terminal', text: sseFrame('[DONE]') });
    return {
      contentType: 'text/event-stream; charset=utf-8',
      frames,
      malformed: `data: {"id":"${completionId(requestId)}","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":\n\n`,
    };
  },

  parseEmbedding(body): Parsed<EmbeddingPrompt> {
    if (!isRecord(body)) return { ok: false, message: 'We could not parse the JSON body of your request.' };
    const model = nonEmptyString(body.model);
    if (!model) return { ok: false, message: 'you must provide a model parameter' };
    const input = body.input;
    const inputs = typeof input === 'string' ? [input] : Array.isArray(input) ? input.map((item) => (Array.isArray(item) ? item.join(' ') : String(item))) : undefined;
    if (!inputs || inputs.length === 0) return { ok: false, message: "'input' : input must be a string or an array of strings" };
    const prompt: EmbeddingPrompt = { model, inputs, base64: body.encoding_format === 'base64' };
    const dimensions = finiteNumber(body.dimensions);
    if (dimensions !== undefined) prompt.dimensions = dimensions;
    return { ok: true, value: prompt };
  },

  embeddingBody(prompt, vectors, inputTokens) {
    return {
      object: 'list',
      data: vectors.map((vector, index) => ({ object: 'embedding', index, embedding: prompt.base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector })),
      model: prompt.model,
      usage: { prompt_tokens: inputTokens, total_tokens: inputTokens },
    };
  },

  modelList: (names) => ({ object: 'list', data: names.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'sovereign-sim' })) }),

  unknownModelMessage: (model) => `The model \`${model}\` does not exist or you do not have access to it.`,
};

function completionId(requestId: number): string {
  return `chatcmpl-sim${requestId}`;
}

function usage(answer: SimulatedAnswer) {
  return {
    prompt_tokens: answer.inputTokens,
    completion_tokens: answer.outputTokens,
    total_tokens: answer.inputTokens + answer.outputTokens,
    prompt_tokens_details: { cached_tokens: answer.promptCache?.readTokens ?? 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function readTools(tools: unknown): SimulatedTool[] {
  const result: SimulatedTool[] = [];
  for (const tool of asArray(tools).map(asRecord)) {
    const fn = asRecord(tool.function);
    if (tool.type === 'function' && typeof fn.name === 'string') result.push({ name: fn.name, schema: asRecord(fn.parameters) });
  }
  return result;
}

function readToolChoice(choice: unknown): SimulatedPrompt['toolChoice'] {
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required') return { type: 'required' };
  const name = asRecord(asRecord(choice).function).name;
  if (typeof name === 'string') return { type: 'tool', name };
  return { type: 'auto' };
}

/** Tool rounds since the user last wrote, and the user's last text (see `toolRoundsOf` and `chatTurnKinds`). */
function toolProgress(messages: Array<Record<string, unknown>>): Pick<SimulatedPrompt, 'toolRounds' | 'userText'> {
  const turns = chatTurnKinds(messages);
  const lastUser = messages.findLast((_message, index) => turns[index] === 'user');
  return { toolRounds: toolRoundsOf(turns), userText: lastUser ? contentText(lastUser.content) : '' };
}
