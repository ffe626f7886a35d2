import { Wllama } from '@wllama/wllama';
import type { ChatRequest } from '../core/canonical/request.ts';
import type { UnifiedFinishReason } from '../core/canonical/result.ts';
import { messageText } from '../core/canonical/message.ts';
import { toPlainPrompt } from '../core/local-prompt/plain-prompt.ts';

/** How the device runs a model: WebGPU when the browser has a real GPU adapter, else WebAssembly on the CPU. */
export type DeviceBackend = 'webgpu' | 'wasm';

interface GpuLike {
  requestAdapter(): Promise<unknown>;
}

/**
 * The backend this browser can use. `navigator.gpu` can exist while `requestAdapter()` resolves to null (headless
 * or GPU-less machines): only a real adapter means WebGPU. No WebAssembly at all means the device cannot run models.
 */
export async function detectDeviceBackend(environment: { navigator?: { gpu?: GpuLike } } = globalThis as never): Promise<DeviceBackend | undefined> {
  if (typeof WebAssembly !== 'object') return undefined;
  const gpu = environment.navigator?.gpu;
  if (gpu && typeof gpu.requestAdapter === 'function') {
    try {
      if ((await gpu.requestAdapter()) != null) return 'webgpu';
    } catch {
      // A GPU that refuses is no GPU: fall through to WebAssembly.
    }
  }
  return 'wasm';
}

/** What one on-device generation produced, in the model's own token counts. */
export interface DeviceGeneration {
  text: string;
  inputTokens: number;
  outputTokens: number;
  finishReason: UnifiedFinishReason;
  /** Time to the first text (ms) and to the end. */
  ttftMs: number | undefined;
  totalMs: number;
}

export interface DeviceModel {
  readonly name: string;
  readonly backend: DeviceBackend;
  /** Whether the GGUF carries a chat template (used for chat; plain completion otherwise, as in the gateway). */
  readonly hasChatTemplate: boolean;
  generate(request: ChatRequest, onText: (text: string) => void, signal?: AbortSignal): Promise<DeviceGeneration>;
  close(): Promise<void>;
}

export interface LoadDeviceModelOptions {
  name: string;
  /** The GGUF file and the runtime's wasm, on the gateway's own origin (nothing comes from a CDN). */
  modelUrl: string;
  wasmUrl: string;
  backend: DeviceBackend;
  contextSize: number;
}

/**
 * Loads a GGUF model into wllama (llama.cpp compiled to WebAssembly, running in a worker). wllama's compatibility
 * mode, which would fetch its files from a CDN, is switched off: a browser without what it needs (JSPI, memory64)
 * fails to load here instead, and the SDK treats the device as unavailable.
 * @see https://github.com/ngxson/wllama
 */
export async function loadDeviceModel(options: LoadDeviceModelOptions): Promise<DeviceModel> {
  const wllama = new Wllama({ default: options.wasmUrl }, { allowOffline: false, logger: quietLogger });
  wllama.setCompat(null);
  await wllama.loadModelFromUrl(options.modelUrl, {
    n_ctx: options.contextSize,
    // All layers on the GPU when there is one; none otherwise (a GPU-less WebGPU attempt only logs errors).
    n_gpu_layers: options.backend === 'webgpu' ? 999 : 0,
    useCache: false,
  });
  const hasChatTemplate = wllama.getChatTemplate() !== null;
  return {
    name: options.name,
    backend: options.backend,
    hasChatTemplate,
    async generate(request, onText, signal) {
      const started = performance.now();
      let ttftMs: number | undefined;
      let text = '';
      let usage: { prompt_tokens: number; completion_tokens: number } | null | undefined;
      let finish: string | null | undefined;
      const emit = (delta: string | null | undefined) => {
        if (!delta) return;
        ttftMs ??= performance.now() - started;
        text += delta;
        onText(delta);
      };
      const sampling = {
        max_tokens: request.maxOutputTokens ?? Math.max(1, options.contextSize - 1),
        temperature: request.temperature ?? 0,
        ...(signal ? { abortSignal: signal } : {}),
      };
      if (hasChatTemplate) {
        const messages = request.messages.map((message) => ({ role: message.role as 'system' | 'user' | 'assistant', content: messageText(message) }));
        const stream = await wllama.createChatCompletion({ ...sampling, messages, stream: true, ...(request.stopSequences ? { stop: request.stopSequences } : {}) });
        for await (const chunk of stream) {
          emit(chunk.choices[0]?.delta.content);
          finish = chunk.choices[0]?.finish_reason ?? finish;
          usage = chunk.usage ?? usage;
        }
      } else {
        const plain = toPlainPrompt(request.messages);
        const stop = [...(request.stopSequences ?? []), ...plain.stopSequences];
        const stream = await wllama.createCompletion({ ...sampling, prompt: plain.text, stream: true, ...(stop.length > 0 ? { stop } : {}) });
        for await (const chunk of stream) {
          emit(chunk.choices[0]?.text);
          finish = chunk.choices[0]?.finish_reason ?? finish;
          usage = chunk.usage ?? usage;
        }
      }
      return {
        text,
        inputTokens: usage?.prompt_tokens ?? 0,
        outputTokens: usage?.completion_tokens ?? 0,
        finishReason: finish === 'length' ? 'length' : finish === 'stop' ? 'stop' : 'other',
        ttftMs,
        totalMs: performance.now() - started,
      };
    },
    close: () => wllama.exit(),
  };
}

/** wllama logs every step at debug level; keep warnings and errors. */
const quietLogger = {
  debug: () => undefined,
  log: () => undefined,
  warn: (...args: unknown[]) => console.warn(...args),
  error: (...args: unknown[]) => console.error(...args),
};
