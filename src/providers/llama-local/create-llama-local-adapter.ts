import type { StoredStreamPart } from '../../cache/cached-answer.ts';
import { streamPartsToResult } from '../../cache/stream-parts-to-result.ts';
import type { StreamPart } from '../../core/canonical/stream-part.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { AdapterSettings, CallOptions, ProviderAdapterV1 } from '../../core/provider/adapter.ts';
import { withCallDeadline } from '../shared/call-deadline.ts';
import { generateLocalStream } from './generate-local-stream.ts';
import { llamaRuntime } from './llama-runtime.ts';
import { loadNodeLlamaCpp, type NodeLlamaCpp } from './node-llama-cpp-module.ts';
import { openLocalModel, type LocalModel } from './open-local-model.ts';
import { toLocalPrompt } from './to-local-prompt.ts';

/** What the factory may be given instead of finding it itself (tests point it at a package that is absent). */
export interface LlamaLocalDependencies {
  loadModule?: () => Promise<NodeLlamaCpp>;
}

interface Loaded {
  module: NodeLlamaCpp;
  models: Map<string, LocalModel>;
}

/**
 * An in-process provider: GGUF models run inside the gateway with node-llama-cpp (an optional dependency, imported
 * on first use). `open()` loads every configured model (the gateway calls it at start-up); each model has
 * `maxConcurrency` generation slots and a queue of `maxQueue`. The deadline `timeoutMs` covers the wait for a
 * slot (the equivalent of a remote provider's time to headers). Streaming yields text as it is generated; a client
 * that goes away stops generation at the next token. Token counts are the model's own (its tokenizer and meter).
 * @see https://node-llama-cpp.withcat.ai/guide/
 */
export function createLlamaLocalAdapter(settings: AdapterSettings, dependencies: LlamaLocalDependencies = {}): ProviderAdapterV1 {
  const { providerId } = settings;
  const inProcess = settings.inProcess;
  if (!inProcess || inProcess.models.length === 0) throw new Error(`Provider ${providerId}: a llama-local provider needs models with a GGUF file`);
  const loadModule = dependencies.loadModule ?? (() => loadNodeLlamaCpp());
  let loading: Promise<Loaded> | undefined;
  const closing = new AbortController();

  const open = () => {
    loading ??= (async () => {
      try {
        const module = await loadModule();
        const llama = await llamaRuntime(module, inProcess.llama.gpu);
        const models = new Map<string, LocalModel>();
        try {
          for (const entry of inProcess.models) models.set(entry.name, await openLocalModel(llama, entry, inProcess.llama, providerId));
        } catch (error) {
          await Promise.all([...models.values()].map((model) => model.dispose()));
          throw error;
        }
        return { module, models };
      } catch (error) {
        loading = undefined;
        throw new Error(`Provider ${providerId}: ${(error as Error).message}`, { cause: error });
      }
    })();
    return loading;
  };

  const loaded = async (): Promise<Loaded> => {
    try {
      return await open();
    } catch (error) {
      throw new GatewayError('upstream_unavailable', { message: (error as Error).message, cause: error });
    }
  };

  /** Finds the model, translates the request and waits for a slot: everything that can fail before any output. */
  const start = async (request: Parameters<ProviderAdapterV1['doStream']>[0], options: CallOptions): Promise<AsyncGenerator<StreamPart>> => {
    if (closing.signal.aborted) throw new GatewayError('upstream_unavailable', { message: `Provider ${providerId} is closed.` });
    const { module, models } = await loaded();
    const model = models.get(request.model);
    if (!model) throw new GatewayError('model_not_found', { message: `Provider ${providerId} does not run a model named ${request.model}.` });
    const prompt = toLocalPrompt(request, model.hasChatTemplate);
    let promptTokens: number | undefined;
    if (prompt.kind === 'completion') {
      // The beginning-of-sequence token comes on top of the text's own.
      promptTokens = model.model.tokenize(prompt.text).length + 1;
      if (promptTokens >= model.contextSize) {
        throw new GatewayError('upstream_rejected', {
          message: `Provider ${providerId}: the prompt has ${promptTokens} tokens; model ${model.name} has a context of ${model.contextSize}.`,
        });
      }
    }
    const sequence = await withCallDeadline(options.signal, settings.timeoutMs, providerId, (signal) => model.slots.acquire(signal));
    return generateLocalStream({
      module,
      model,
      sequence,
      request,
      prompt,
      promptTokens,
      warnings: prompt.warnings,
      signal: options.signal,
      closing: closing.signal,
      providerId,
    });
  };

  return {
    specificationVersion: 'v1',
    adapter: 'llama-local',
    dialect: 'in-process',
    providerId,

    async open() {
      await open();
    },

    async doStream(request, options) {
      return { stream: await start(request, options), headers: {} };
    },

    async doGenerate(request, options) {
      const parts: StoredStreamPart[] = [];
      for await (const part of await start(request, options)) {
        if (part.type === 'error') throw part.error;
        parts.push(part);
      }
      return { result: streamPartsToResult(parts, request.model), headers: {} };
    },

    async close() {
      const pending = loading;
      loading = undefined;
      // Running generations stop at their next token and give their slots back before the models go.
      closing.abort();
      const current = await pending?.catch(() => undefined);
      if (!current) return;
      await Promise.all([...current.models.values()].map(async (model) => {
        await model.slots.idle();
        await model.dispose();
      }));
    },
  };
}
