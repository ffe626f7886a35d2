import type { ChatRequest } from '../../core/canonical/request.ts';
import type { FinishReason, Warning } from '../../core/canonical/result.ts';
import type { StreamPart } from '../../core/canonical/stream-part.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import { toConnectionError } from '../shared/http-client.ts';
import type { LocalModel } from './open-local-model.ts';
import type { LlamaContextSequence, LlamaGenerationOptions, LlamaStopReason, NodeLlamaCpp } from './node-llama-cpp-module.ts';
import { createPushChannel } from './push-channel.ts';
import type { LocalPrompt } from './to-local-prompt.ts';

/** One generation, ready to run on a slot it already holds. */
export interface LocalGeneration {
  module: NodeLlamaCpp;
  model: LocalModel;
  sequence: LlamaContextSequence;
  request: ChatRequest;
  prompt: LocalPrompt;
  /** The prompt's tokens (plain completion) or undefined (a chat template renders its own). */
  promptTokens: number | undefined;
  warnings: Warning[];
  /** The caller's signal: the client went away. */
  signal: AbortSignal | undefined;
  /** Aborted when the adapter closes: generation stops before the model is released. */
  closing: AbortSignal;
  providerId: string;
}

/**
 * Runs one generation and yields its stream parts: `stream-start`, `usage` with the prompt's tokens before the first
 * `text-delta`, a `text-delta` with the text generated since the consumer last read (never split inside a character), and `finish`
 * with the token counts the sequence's meter measured (the prompt tokens evaluated and the tokens generated). When the client goes away or the consumer stops
 * reading, generation stops at the next token; the slot is cleared and given back only once it has stopped, so
 * the next request never shares a running sequence.
 */
export async function* generateLocalStream(generation: LocalGeneration): AsyncGenerator<StreamPart> {
  const { module, model, sequence, request, prompt, providerId } = generation;
  const stop = new AbortController();
  const onAbort = () => stop.abort(generation.signal?.reason);
  const onClose = () => stop.abort(new GatewayError('upstream_unavailable', { message: `Provider ${providerId} is shutting down.` }));
  generation.signal?.addEventListener('abort', onAbort, { once: true });
  if (generation.closing.aborted) onClose();
  else generation.closing.addEventListener('abort', onClose, { once: true });
  const channel = createPushChannel<string>();
  const before = sequence.tokenMeter.getState();
  let running: Promise<LlamaStopReason> | undefined;
  try {
    const options = await generationOptions(generation, (text) => channel.push(text), stop.signal);
    running = (async () => {
      try {
        if (prompt.kind === 'completion') {
          const completion = new module.LlamaCompletion({ contextSequence: sequence });
          try {
            return (await completion.generateCompletionWithMeta(prompt.text, options)).metadata.stopReason;
          } finally {
            completion.dispose();
          }
        }
        const chat = new module.LlamaChat({ contextSequence: sequence });
        try {
          return (await chat.generateResponse(prompt.history, options)).metadata.stopReason;
        } finally {
          chat.dispose();
        }
      } finally {
        channel.end();
      }
    })();
    // An unobserved rejection would crash the process before the loop below reads it.
    running.catch(() => undefined);
    yield { type: 'stream-start', model: request.model, warnings: generation.warnings };
    let first = true;
    for await (const batch of channel) {
      const text = batch.join('');
      if (text === '') continue;
      if (first) {
        // The prompt is evaluated once the first token exists: its count goes out first, as Anthropic's message_start.
        first = false;
        yield { type: 'usage', usage: { inputTokens: sequence.tokenMeter.diff(before).usedInputTokens } };
      }
      yield { type: 'text-delta', delta: text };
    }
    let stopReason: LlamaStopReason;
    try {
      stopReason = await running;
    } catch (error) {
      yield { type: 'error', error: generationError(error, stop.signal, providerId) };
      return;
    }
    const used = sequence.tokenMeter.diff(before);
    if (stop.signal.aborted || stopReason === 'abort') {
      // What was generated before the stop is still accounted, with the model's own counts.
      yield { type: 'usage', usage: { inputTokens: used.usedInputTokens, outputTokens: used.usedOutputTokens } };
      yield { type: 'error', error: toConnectionError(stop.signal.reason, stop.signal) };
      return;
    }
    yield {
      type: 'finish',
      finishReason: finishReasonOf(stopReason),
      usage: { inputTokens: used.usedInputTokens, outputTokens: used.usedOutputTokens, raw: { ...used, stopReason } },
    };
  } finally {
    generation.signal?.removeEventListener('abort', onAbort);
    generation.closing.removeEventListener('abort', onClose);
    if (running) {
      stop.abort(new GatewayError('upstream_timeout', { message: 'The stream was closed by the gateway.', retryable: false }));
      await running.catch(() => undefined);
    }
    await sequence.clearHistory().catch(() => undefined);
    model.slots.release(sequence);
  }
}

async function generationOptions(generation: LocalGeneration, onTextChunk: (text: string) => void, signal: AbortSignal): Promise<LlamaGenerationOptions> {
  const { request, model, prompt } = generation;
  const room = model.contextSize - (generation.promptTokens ?? 0);
  const options: LlamaGenerationOptions = {
    onTextChunk,
    signal,
    stopOnAbortSignal: true,
    maxTokens: Math.max(1, Math.min(request.maxOutputTokens ?? room, room)),
  };
  if (request.temperature !== undefined) options.temperature = request.temperature;
  if (request.topK !== undefined) options.topK = request.topK;
  if (request.topP !== undefined) options.topP = request.topP;
  if (request.seed !== undefined) options.seed = request.seed;
  if (request.frequencyPenalty !== undefined || request.presencePenalty !== undefined) {
    options.repeatPenalty = {
      ...(request.frequencyPenalty === undefined ? {} : { frequencyPenalty: request.frequencyPenalty }),
      ...(request.presencePenalty === undefined ? {} : { presencePenalty: request.presencePenalty }),
    };
  }
  if (prompt.stopSequences.length > 0) options.customStopTriggers = prompt.stopSequences;
  const format = request.responseFormat;
  if (format?.type === 'json') options.grammar = await model.jsonGrammar();
  if (format?.type === 'json-schema') {
    try {
      options.grammar = await model.schemaGrammar(format.schema);
    } catch (error) {
      options.grammar = await model.jsonGrammar();
      generation.warnings.push({ type: 'unsupported-setting', setting: 'response_format', message: `The JSON schema cannot be enforced here (${(error as Error).message}); the answer is JSON, not checked against it.` });
    }
  }
  return options;
}

/** node-llama-cpp's stop reasons as unified finish reasons (the raw value kept). */
export function finishReasonOf(stopReason: LlamaStopReason): FinishReason {
  switch (stopReason) {
    case 'maxTokens':
      return { unified: 'length', raw: stopReason };
    case 'eogToken':
    case 'stopGenerationTrigger':
    case 'customStopTrigger':
      return { unified: 'stop', raw: stopReason };
    default:
      return { unified: 'other', raw: stopReason };
  }
}

function generationError(error: unknown, signal: AbortSignal, providerId: string): GatewayError {
  if (signal.aborted) return toConnectionError(error, signal);
  if (GatewayError.isInstance(error)) return error;
  return new GatewayError('upstream_error', { message: `Provider ${providerId}: the in-process generation failed: ${(error as Error).message}`, cause: error });
}
