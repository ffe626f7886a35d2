import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { checkpointSignatureContext } from './checkpoint.ts';

/** Signs checkpoint messages off the event loop. */
export interface CheckpointSigner {
  sign(message: Uint8Array): Promise<Uint8Array>;
  close(): Promise<void>;
}

/**
 * The worker's source. Plain JavaScript importing only `@noble/post-quantum`, so it loads the same way under
 * `node`, `tsx` and vitest, with no TypeScript loader in the worker.
 */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.nobleUrl).then(({ ml_dsa65 }) => {
  const { secretKey } = ml_dsa65.keygen(new Uint8Array(workerData.seed));
  const context = new Uint8Array(workerData.context);
  parentPort.on('message', ({ id, message }) => {
    try {
      parentPort.postMessage({ id, signature: ml_dsa65.sign(message, secretKey, { context }) });
    } catch (error) {
      parentPort.postMessage({ id, error: String(error && error.message || error) });
    }
  });
});
`;

/**
 * A worker thread, started on the first signature, that holds the secret key and signs with ML-DSA-65. Signing
 * takes 4 to 10 ms (more under load) and ML-DSA's rejection sampling makes it vary; on the event loop that would
 * stall every request in flight, so it runs here. The worker keeps the process alive only while a signature is pending.
 * @see https://github.com/paulmillr/noble-post-quantum#ml-dsa--dilithium-signatures
 */
export function createCheckpointSigner(seed: Uint8Array): CheckpointSigner {
  const pending = new Map<number, { resolve(signature: Uint8Array): void; reject(error: Error): void }>();
  let nextId = 1;
  let failure: Error | undefined;
  let worker: Worker | undefined;
  const failAll = (error: Error): void => {
    failure = error;
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  // Started on the first signature, not at start-up: an idle gateway signs nothing (checkpoints cover new records
  // only), and the worker's own V8 isolate and its key derivation cost memory and start-up time.
  const started = (): Worker => {
    if (worker) return worker;
    const nobleUrl = pathToFileURL(createRequire(import.meta.url).resolve('@noble/post-quantum/ml-dsa.js')).href;
    const created = new Worker(workerSource, {
      eval: true,
      workerData: { nobleUrl, seed: Array.from(seed), context: Array.from(checkpointSignatureContext) },
    });
    created.unref();
    created.on('message', (answer: { id: number; signature?: Uint8Array; error?: string }) => {
      const waiter = pending.get(answer.id);
      pending.delete(answer.id);
      if (pending.size === 0) created.unref();
      if (!waiter) return;
      if (answer.signature) waiter.resolve(answer.signature);
      else waiter.reject(new Error(`checkpoint signing failed: ${answer.error ?? 'unknown error'}`));
    });
    created.on('error', (error) => failAll(error));
    created.on('exit', (code) => failAll(new Error(`the checkpoint signer stopped (exit code ${code})`)));
    worker = created;
    return created;
  };
  return {
    sign(message) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        const signer = started();
        signer.ref();
        signer.postMessage({ id, message });
      });
    },
    async close() {
      failAll(new Error('the checkpoint signer is closed'));
      await worker?.terminate();
    },
  };
}
