import { reasoningSignature, toolRoundsOf, type SimulatedAnswer, type SimulatedPrompt, type SimulatedTool, type TurnKind } from './answer-planner.ts';
import type { DialectResponder, ErrorReply, Parsed, RenderContext, SimulatedErrorKind } from './dialect-responder.ts';
import { asArray, asRecord, contentText, finiteNumber, isRecord, nonEmptyString } from './json-values.ts';
import { sseFrame } from './sse-frame.ts';
import type { StreamFrame, StreamPlan } from './stream-sender.ts';

const errorShapes: Record<SimulatedErrorKind, { status: number; type: string }> = {
  invalid_request: { status: 400, type: 'invalid_request_error' },
  authentication: { status: 401, type: 'authentication_error' },
  not_found: { status: 404, type: 'not_found_error' },
  rate_limit: { status: 429, type: 'rate_limit_error' },
  server_error: { status: 500, type: 'api_error' },
  unavailable: { status: 503, type: 'api_error' },
  overloaded: { status: 529, type: 'overloaded_error' },
};

const stopReasons: Record<SimulatedAnswer['finish'], string> = { stop: 'end_turn', length: 'max_tokens', 'tool-call': 'tool_use' };

/**
 * Anthropic Messages: `POST /v1/messages`, its full streaming event sequence and its error shape (including
 * 529 `overloaded_error`). The key is read from `x-api-key` or `Authorization: Bearer`; `anthropic-version` is
 * accepted, not required.
 * @see https://docs.anthropic.com/en/api/messages
 * @see https://docs.anthropic.com/en/api/messages-streaming
 * @see https://docs.anthropic.com/en/api/errors
 */
export const anthropicResponder: DialectResponder = {
  dialect: 'anthropic',

  // `x-api-key` is the documented header; `@anthropic-ai/sdk` 1.x sends the key as `Authorization: Bearer`.
  isAuthorized: (route, apiKey) => route.headers['x-api-key'] === apiKey || route.headers.authorization === `Bearer ${apiKey}`,

  errorReply(kind, message, requestId): ErrorReply {
    const shape = errorShapes[kind];
    return { status: shape.status, body: { type: 'error', error: { type: shape.type, message }, request_id: `req_sim${requestId}` } };
  },

  answerHeaders: (requestId) => ({ 'request-id': `req_sim${requestId}` }),

  parseChat(body, route): Parsed<SimulatedPrompt> {
    if (!isRecord(body)) return { ok: false, message: 'The request body is not valid JSON.' };
    const model = nonEmptyString(body.model);
    if (!model) return { ok: false, message: 'model: Field required' };
    if (finiteNumber(body.max_tokens) === undefined) return { ok: false, message: 'max_tokens: Field required' };
    if (!Array.isArray(body.messages)) return { ok: false, message: 'messages: Field required' };
    if (body.messages.length === 0) return { ok: false, message: 'messages: at least one message is required' };
    const betas = route.headers['anthropic-beta'] ?? '';
    const betaProblem = checkBetaFields(body, betas);
    if (betaProblem) return { ok: false, message: betaProblem };
    const texts: string[] = [contentText(body.system)];
    const messages = body.messages.map(asRecord);
    for (const [index, message] of messages.entries()) {
      if (message.role === 'system' && betas === '') {
        return { ok: false, message: `messages.${index}.role: system messages inside messages need an anthropic-beta header; roles must be 'user' or 'assistant'` };
      }
      if (message.role !== 'user' && message.role !== 'assistant' && message.role !== 'system') return { ok: false, message: "messages: roles must be 'user' or 'assistant'" };
      const thinkingProblem = message.role === 'assistant' ? checkThinkingBlocks(message.content, index) : undefined;
      if (thinkingProblem) return { ok: false, message: thinkingProblem };
      texts.push(messageText(message.content));
    }
    const last = asRecord(body.messages[body.messages.length - 1]);
    const lastUser = messages.findLast((message) => turnKind(message) === 'user');
    const prompt: SimulatedPrompt = {
      model,
      stream: body.stream === true,
      texts,
      lastMessageText: messageText(last.content),
      toolRounds: toolRoundsOf(messages.map(turnKind)),
      userText: lastUser ? lastText(lastUser.content) : '',
      tools: readTools(body.tools),
      toolChoice: readToolChoice(body.tool_choice),
      maxOutputTokens: body.max_tokens as number,
    };
    const thinking = asRecord(body.thinking);
    if (thinking.type === 'enabled' || thinking.type === 'adaptive') prompt.thinking = thinking.display === 'omitted' ? 'omitted' : 'shown';
    const format = asRecord(body.output_format ?? asRecord(body.output_config).format);
    if (format.type === 'json_schema') prompt.responseFormat = isRecord(format.schema) ? { type: 'json', schema: format.schema } : { type: 'json' };
    return { ok: true, value: prompt };
  },

  chatBody({ requestId, prompt, answer }) {
    return {
      id: messageId(requestId),
      type: 'message',
      role: 'assistant',
      model: prompt.model,
      content: [
        ...(answer.reasoning ? [{ type: 'thinking', thinking: answer.reasoning.text, signature: answer.reasoning.signature }] : []),
        answer.toolCall
          ? { type: 'tool_use', id: `toolu_${answer.toolCall.idSuffix}`, name: answer.toolCall.name, input: answer.toolCall.arguments }
          : { type: 'text', text: answer.text },
      ],
      stop_reason: stopReasons[answer.finish],
      stop_sequence: null,
      usage: { ...inputUsage(answer), output_tokens: answer.outputTokens, service_tier: 'standard' },
    };
  },

  chatStream(context: RenderContext): StreamPlan {
    const { requestId, prompt, answer } = context;
    const event = (type: string, data: Record<string, unknown>) => sseFrame({ type, ...data }, type);
    const frames: StreamFrame[] = [
      {
        kind: 'preamble',
        text: event('message_start', {
          message: {
            id: messageId(requestId),
            type: 'message',
            role: 'assistant',
            model: prompt.model,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { ...inputUsage(answer), output_tokens: 1, service_tier: 'standard' },
          },
        }),
      },
    ];
    const toolCall = answer.toolCall;
    const reasoning = answer.reasoning;
    const index = reasoning ? 1 : 0;
    if (reasoning) {
      // A thinking block first: its text in thinking_delta events (none when omitted), then its signature.
      frames.push({ kind: 'preamble', text: event('content_block_start', { index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }) });
      for (const thinking of reasoning.chunks) frames.push({ kind: 'content', text: event('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking } }) });
      frames.push({ kind: 'content', text: event('content_block_delta', { index: 0, delta: { type: 'signature_delta', signature: reasoning.signature } }) });
      frames.push({ kind: 'content', text: event('content_block_stop', { index: 0 }) });
    }
    if (toolCall) {
      frames.push({ kind: 'preamble', text: event('ping', {}) });
      frames.push({ kind: 'content', text: event('content_block_start', { index, content_block: { type: 'tool_use', id: `toolu_${toolCall.idSuffix}`, name: toolCall.name, input: {} } }) });
      for (const fragment of toolCall.fragments) {
        frames.push({ kind: 'content', text: event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: fragment } }) });
      }
    } else {
      frames.push({ kind: reasoning ? 'content' : 'preamble', text: event('content_block_start', { index, content_block: { type: 'text', text: '' } }) });
      frames.push({ kind: reasoning ? 'content' : 'preamble', text: event('ping', {}) });
      for (const text of answer.chunks) frames.push({ kind: 'content', text: event('content_block_delta', { index, delta: { type: 'text_delta', text } }) });
    }
    frames.push({ kind: 'terminal', text: event('content_block_stop', { index }) });
    frames.push({ kind: 'terminal', text: event('message_delta', { delta: { stop_reason: stopReasons[answer.finish], stop_sequence: null }, usage: { output_tokens: answer.outputTokens } }) });
    frames.push({ kind: 'terminal', text: event('message_stop', {}) });
    return {
      contentType: 'text/event-stream; charset=utf-8',
      frames,
      malformed: 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":\n\n',
    };
  },

  parseEmbedding: () => ({ ok: false, message: 'Anthropic has no embeddings endpoint.' }),
  embeddingBody: () => ({}),

  modelList: (names) => ({
    data: names.map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-01-01T00:00:00Z' })),
    has_more: false,
    first_id: names[0] ?? null,
    last_id: names[names.length - 1] ?? null,
  }),

  unknownModelMessage: (model) => `model: ${model}`,
};

/**
 * Anthropic's input usage: `input_tokens` leaves out the tokens read from and written to the prompt cache.
 * @see https://platform.claude.com/docs/en/build-with-claude/prompt-caching#tracking-cache-performance
 */
function inputUsage(answer: SimulatedAnswer) {
  const cache = answer.promptCache;
  if (!cache) return { input_tokens: answer.inputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  return {
    input_tokens: answer.inputTokens - cache.readTokens - cache.writeTokens,
    cache_creation_input_tokens: cache.writeTokens,
    cache_read_input_tokens: cache.readTokens,
    cache_creation: { ephemeral_5m_input_tokens: cache.writeTokens - cache.writeTokens1h, ephemeral_1h_input_tokens: cache.writeTokens1h },
  };
}

function messageId(requestId: number): string {
  return `msg_sim${requestId}`;
}

/** Text of a message's content: text blocks, tool results' text, tool calls' input as JSON. */
function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  let text = '';
  for (const block of asArray(content).map(asRecord)) {
    if (block.type === 'text' && typeof block.text === 'string') text += block.text;
    else if (block.type === 'tool_result') text += contentText(block.content);
    else if (block.type === 'tool_use') text += JSON.stringify(block.input ?? {});
  }
  return text;
}

function readTools(tools: unknown): SimulatedTool[] {
  const result: SimulatedTool[] = [];
  for (const tool of asArray(tools).map(asRecord)) {
    if (typeof tool.name === 'string' && isRecord(tool.input_schema)) result.push({ name: tool.name, schema: tool.input_schema });
  }
  return result;
}

function readToolChoice(choice: unknown): SimulatedPrompt['toolChoice'] {
  const record = asRecord(choice);
  if (record.type === 'none') return { type: 'none' };
  if (record.type === 'any') return { type: 'required' };
  if (record.type === 'tool' && typeof record.name === 'string') return { type: 'tool', name: record.name };
  return { type: 'auto' };
}

/** An Anthropic message for `toolRoundsOf`: user turns with tool results are results, assistant turns with `tool_use` calls. */
function turnKind(message: Record<string, unknown>): TurnKind {
  const blocks = asArray(message.content).map(asRecord);
  if (message.role === 'user') return blocks.some((block) => block.type === 'tool_result') ? 'tool-result' : 'user';
  if (message.role === 'assistant') return blocks.some((block) => block.type === 'tool_use') ? 'tool-call' : 'other';
  return 'other';
}

/** The last text block of a user turn (or its string content): what the user last wrote. */
function lastText(content: unknown): string {
  if (typeof content === 'string') return content;
  const texts = asArray(content).map(asRecord).filter((block) => block.type === 'text' && typeof block.text === 'string');
  return (texts.at(-1)?.text as string | undefined) ?? '';
}

/**
 * Fields Anthropic accepts only with a beta header, as its API refuses them without one: `context_management`
 * (the `context-management-...` beta) and `thinking.display`.
 * @see https://docs.anthropic.com/en/api/beta-headers
 */
function checkBetaFields(body: Record<string, unknown>, betas: string): string | undefined {
  if (body.context_management !== undefined && !betas.includes('context-management-')) {
    return 'context_management: Extra inputs are not permitted (this field needs the anthropic-beta header context-management-2025-06-27)';
  }
  if (asRecord(body.thinking).display !== undefined && betas === '') return 'thinking.display: Extra inputs are not permitted (this field needs an anthropic-beta header)';
  return undefined;
}

/**
 * Thinking blocks sent back must carry the signature the simulator gave their text, unchanged, and redacted thinking
 * its data, as Anthropic verifies them.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#preserving-thinking-blocks
 */
function checkThinkingBlocks(content: unknown, messageIndex: number): string | undefined {
  for (const [index, block] of asArray(content).map(asRecord).entries()) {
    const where = `messages.${messageIndex}.content.${index}`;
    if (block.type === 'thinking') {
      if (typeof block.signature !== 'string') return `${where}.thinking.signature: Field required`;
      if (block.signature !== reasoningSignature(typeof block.thinking === 'string' ? block.thinking : '')) return `${where}: Invalid \`signature\` in \`thinking\` block`;
    } else if (block.type === 'redacted_thinking' && (typeof block.data !== 'string' || block.data === '')) {
      return `${where}.redacted_thinking.data: Field required`;
    }
  }
  return undefined;
}
