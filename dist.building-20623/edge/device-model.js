import { Wllama } from '@wllama/wllama';
import { messageText } from "../core/canonical/message.js";
import { toPlainPrompt } from "../core/local-prompt/plain-prompt.js";
/**
 * The backend this browser can use. `navigator.gpu` can exist while `requestAdapter()` resolves to null (headless
 * or GPU-less machines): only a real adapter means WebGPU. No WebAssembly at all means the device cannot run models.
 */
export async function detectDeviceBackend(environment = globalThis) {
    if (typeof WebAssembly !== 'object')
        return undefined;
    const gpu = environment.navigator?.gpu;
    if (gpu && typeof gpu.requestAdapter === 'function') {
        try {
            if ((await gpu.requestAdapter()) != null)
                return 'webgpu';
        }
        catch {
            // A GPU that refuses is no GPU: fall through to WebAssembly.
        }
    }
    return 'wasm';
}
/**
 * Loads a GGUF model into wllama (llama.cpp compiled to WebAssembly, running in a worker). wllama's compatibility
 * mode, which would fetch its files from a CDN, is switched off: a browser without what it needs (JSPI, memory64)
 * fails to load here instead, and the SDK treats the device as unavailable.
 * @see https://github.com/ngxson/wllama
 */
export async function loadDeviceModel(options) {
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
            let ttftMs;
            let text = '';
            let usage;
            let finish;
            const emit = (delta) => {
                if (!delta)
                    return;
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
                const messages = request.messages.map((message) => ({ role: message.role, content: messageText(message) }));
                const stream = await wllama.createChatCompletion({ ...sampling, messages, stream: true, ...(request.stopSequences ? { stop: request.stopSequences } : {}) });
                for await (const chunk of stream) {
                    emit(chunk.choices[0]?.delta.content);
                    finish = chunk.choices[0]?.finish_reason ?? finish;
                    usage = chunk.usage ?? usage;
                }
            }
            else {
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
    warn: (...args) => console.warn(...args),
    error: (...args) => console.error(...args),
};
//# sourceMappingURL=device-model.js.map