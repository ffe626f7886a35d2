import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LlamaLocalSettings } from '../../core/catalog/catalog-schema.ts';
import { createGenerationSlots, type GenerationSlots } from './generation-slots.ts';
import type { Llama, LlamaContext, LlamaContextSequence, LlamaGrammar, LlamaModel } from './node-llama-cpp-module.ts';

/** The default context per generation when none is configured: the model's training context, at most this. */
const defaultContextCap = 4096;

/** One loaded GGUF model with its context, its generation slots and what generation needs to know about it. */
export interface LocalModel {
  /** The upstream model name it serves. */
  name: string;
  model: LlamaModel;
  /** Whether the GGUF carries a chat template (`tokenizer.chat_template`): used for chat; plain completion otherwise. */
  hasChatTemplate: boolean;
  /** Tokens of context each generation has. */
  contextSize: number;
  slots: GenerationSlots<LlamaContextSequence>;
  /** The JSON grammar (JSON mode), created on first use. */
  jsonGrammar(): Promise<LlamaGrammar>;
  /** A grammar for a JSON schema (llama.cpp supports a subset; throws for the rest). */
  schemaGrammar(schema: Record<string, unknown>): Promise<LlamaGrammar>;
  dispose(): Promise<void>;
}

/**
 * Loads a GGUF file and creates one context with `maxConcurrency` sequences (llama.cpp batches them together) and a
 * queue of `maxQueue` in front. A missing file is reported with its resolved path before anything is loaded.
 */
export async function openLocalModel(
  llama: Llama,
  entry: { name: string; file: string },
  settings: LlamaLocalSettings,
  providerId: string,
): Promise<LocalModel> {
  const modelPath = resolve(entry.file);
  if (!existsSync(modelPath)) throw new Error(`model ${entry.name}: the GGUF file ${modelPath} does not exist`);
  let model: LlamaModel;
  try {
    model = await llama.loadModel({ modelPath });
  } catch (error) {
    throw new Error(`model ${entry.name}: ${modelPath} could not be loaded: ${(error as Error).message}`, { cause: error });
  }
  let context: LlamaContext;
  try {
    context = await model.createContext({
      contextSize: settings.contextSize ?? Math.min(model.trainContextSize, defaultContextCap),
      sequences: settings.maxConcurrency,
      ...(settings.threads === undefined ? {} : { threads: settings.threads }),
    });
  } catch (error) {
    await model.dispose();
    throw new Error(`model ${entry.name}: no context could be created: ${(error as Error).message}`, { cause: error });
  }
  const sequences = Array.from({ length: settings.maxConcurrency }, () => context.getSequence());
  const template = model.fileInfo.metadata?.tokenizer?.chat_template;
  let grammar: Promise<LlamaGrammar> | undefined;
  return {
    name: entry.name,
    model,
    hasChatTemplate: typeof template === 'string' && template.trim() !== '',
    contextSize: context.contextSize,
    slots: createGenerationSlots(sequences, settings.maxQueue, `Provider ${providerId}, model ${entry.name}`),
    jsonGrammar: () => (grammar ??= llama.getGrammarFor('json')),
    schemaGrammar: (schema) => llama.createGrammarForJsonSchema(schema),
    async dispose() {
      await context.dispose();
      await model.dispose();
    },
  };
}
