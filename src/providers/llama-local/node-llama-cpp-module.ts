/**
 * The part of node-llama-cpp 3.21.1 the `llama-local` adapter uses, typed structurally so the gateway type-checks,
 * installs and runs without the optional package (it is imported only when a `llama-local` provider is configured).
 * @see https://node-llama-cpp.withcat.ai/api/
 */

/** A token id of the model's vocabulary. */
export type LlamaToken = number & { readonly __token?: never };

export type LlamaGpuSetting = 'auto' | false | 'cuda' | 'vulkan' | 'metal';

export interface NodeLlamaCpp {
  getLlama(options: {
    gpu: LlamaGpuSetting;
    build: 'never';
    logLevel: 'error' | 'warn';
    logger?: (level: string, message: string) => void;
    progressLogs: false;
    skipDownload: true;
  }): Promise<Llama>;
  LlamaCompletion: new (options: { contextSequence: LlamaContextSequence }) => LlamaCompletion;
  LlamaChat: new (options: { contextSequence: LlamaContextSequence }) => LlamaChat;
}

export interface Llama {
  /** The GPU backend in use, `false` on the CPU. */
  readonly gpu: 'cuda' | 'vulkan' | 'metal' | false;
  loadModel(options: { modelPath: string }): Promise<LlamaModel>;
  getGrammarFor(type: 'json'): Promise<LlamaGrammar>;
  createGrammarForJsonSchema(schema: Record<string, unknown>): Promise<LlamaGrammar>;
  dispose(): Promise<void>;
}

export interface LlamaModel {
  readonly trainContextSize: number;
  readonly fileInfo: { metadata?: { tokenizer?: { chat_template?: unknown } } };
  tokenize(text: string, specialTokens?: boolean): LlamaToken[];
  createContext(options: { contextSize: number; sequences: number; threads?: number }): Promise<LlamaContext>;
  dispose(): Promise<void>;
}

export interface LlamaContext {
  readonly contextSize: number;
  getSequence(): LlamaContextSequence;
  dispose(): Promise<void>;
}

export interface LlamaContextSequence {
  readonly tokenMeter: { getState(): TokenMeterState; diff(state: TokenMeterState): TokenMeterState };
  clearHistory(): Promise<void>;
}

export interface TokenMeterState {
  usedInputTokens: number;
  usedOutputTokens: number;
}

/** An opaque grammar that constrains sampling (JSON mode). */
export type LlamaGrammar = object;

/** Sampling settings shared by completion and chat generation. */
export interface LlamaGenerationOptions {
  onTextChunk: (text: string) => void;
  signal: AbortSignal;
  stopOnAbortSignal: true;
  maxTokens: number;
  temperature?: number;
  topK?: number;
  topP?: number;
  seed?: number;
  repeatPenalty?: { frequencyPenalty?: number; presencePenalty?: number };
  grammar?: LlamaGrammar;
  customStopTriggers?: string[];
}

export type LlamaStopReason = 'eogToken' | 'stopGenerationTrigger' | 'maxTokens' | 'abort' | 'customStopTrigger' | 'functionCalls';

export interface LlamaCompletion {
  generateCompletionWithMeta(input: string, options: LlamaGenerationOptions): Promise<{ response: string; metadata: { stopReason: LlamaStopReason } }>;
  dispose(): void;
}

/** A chat history item as node-llama-cpp's chat wrappers render it. */
export type LlamaChatHistoryItem = { type: 'system'; text: string } | { type: 'user'; text: string } | { type: 'model'; response: string[] };

export interface LlamaChat {
  generateResponse(history: LlamaChatHistoryItem[], options: LlamaGenerationOptions): Promise<{ response: string; metadata: { stopReason: LlamaStopReason } }>;
  dispose(): void;
}

/** The package name and the exact version the adapter is built and tested against. */
export const nodeLlamaCppPackage = 'node-llama-cpp';
export const nodeLlamaCppVersion = '3.21.1';

const loaded = new Map<string, Promise<NodeLlamaCpp>>();

/**
 * Imports node-llama-cpp once, on first use (`specifier` exists for tests). When the optional package is absent the
 * error names it and how to install it; any other failure (a native binary that cannot load) keeps its cause.
 */
export function loadNodeLlamaCpp(specifier: string = nodeLlamaCppPackage): Promise<NodeLlamaCpp> {
  let loading = loaded.get(specifier);
  if (loading) return loading;
  loading = import(specifier).then(
    (module) => module as NodeLlamaCpp,
    (error: unknown) => {
      loaded.delete(specifier);
      const code = (error as { code?: string }).code;
      if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
        throw new Error(
          `the llama-local adapter needs the optional package ${nodeLlamaCppPackage}, which is not installed: ` +
            `run "npm install -E ${nodeLlamaCppPackage}@${nodeLlamaCppVersion}" (or remove the llama-local provider)`,
          { cause: error },
        );
      }
      throw new Error(`${nodeLlamaCppPackage} could not be loaded: ${(error as Error).message}`, { cause: error });
    },
  );
  loaded.set(specifier, loading);
  return loading;
}
