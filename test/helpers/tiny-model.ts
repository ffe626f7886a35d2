import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The tiny real model the in-process and browser tests run (`stories260K.gguf`, 1.1 MB, from ../shared/models), or
 * the file named by SOVEREIGN_TEST_MODEL. Undefined when absent (a user's fresh clone): those tests skip and say why.
 */
export const tinyModelPath: string | undefined = (() => {
  const repository = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const candidate = process.env.SOVEREIGN_TEST_MODEL ?? join(repository, '../shared/models/stories260K.gguf');
  return existsSync(candidate) ? candidate : undefined;
})();

/** The reason printed in the names of skipped suites. */
export const tinyModelSkipReason = 'skipped: ../shared/models/stories260K.gguf is absent (set SOVEREIGN_TEST_MODEL to a GGUF file)';

/** Whether the optional package node-llama-cpp is installed here. */
export const nodeLlamaCppInstalled: boolean = (() => {
  try {
    return import.meta.resolve('node-llama-cpp') !== '';
  } catch {
    return false;
  }
})();

/** A suite title that says why it skipped, when it does. */
export function modelSuiteTitle(title: string): string {
  if (!tinyModelPath) return `${title} (${tinyModelSkipReason})`;
  if (!nodeLlamaCppInstalled) return `${title} (skipped: the optional package node-llama-cpp is not installed)`;
  return title;
}

/** True when the suites that run the tiny model in Node can run. */
export const canRunTinyModel = tinyModelPath !== undefined && nodeLlamaCppInstalled;
