import type { Llama, LlamaGpuSetting, NodeLlamaCpp } from './node-llama-cpp-module.ts';

const runtimes = new Map<LlamaGpuSetting, Promise<Llama>>();

/**
 * The llama.cpp runtime for a GPU setting, created once per process (loading the native library takes about a
 * second) and shared by every in-process provider with that setting. It never builds or downloads anything
 * (`build: 'never'`): the CPU and GPU binaries come prebuilt with the package; `auto` uses a GPU when one of them
 * loads and falls back to the CPU otherwise.
 */
export function llamaRuntime(module: NodeLlamaCpp, gpu: LlamaGpuSetting): Promise<Llama> {
  let runtime = runtimes.get(gpu);
  if (!runtime) {
    runtime = module.getLlama({ gpu, build: 'never', logLevel: 'warn', progressLogs: false, skipDownload: true });
    runtime.catch(() => runtimes.delete(gpu));
    runtimes.set(gpu, runtime);
  }
  return runtime;
}
