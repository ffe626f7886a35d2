import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createGenerationSlots } from "./generation-slots.js";
/** The default context per generation when none is configured: the model's training context, at most this. */
const defaultContextCap = 4096;
/**
 * Loads a GGUF file and creates one context with `maxConcurrency` sequences (llama.cpp batches them together) and a
 * queue of `maxQueue` in front. A missing file is reported with its resolved path before anything is loaded.
 */
export async function openLocalModel(llama, entry, settings, providerId) {
    const modelPath = resolve(entry.file);
    if (!existsSync(modelPath))
        throw new Error(`model ${entry.name}: the GGUF file ${modelPath} does not exist`);
    let model;
    try {
        model = await llama.loadModel({ modelPath });
    }
    catch (error) {
        throw new Error(`model ${entry.name}: ${modelPath} could not be loaded: ${error.message}`, { cause: error });
    }
    let context;
    try {
        context = await model.createContext({
            contextSize: settings.contextSize ?? Math.min(model.trainContextSize, defaultContextCap),
            sequences: settings.maxConcurrency,
            ...(settings.threads === undefined ? {} : { threads: settings.threads }),
        });
    }
    catch (error) {
        await model.dispose();
        throw new Error(`model ${entry.name}: no context could be created: ${error.message}`, { cause: error });
    }
    const sequences = Array.from({ length: settings.maxConcurrency }, () => context.getSequence());
    const template = model.fileInfo.metadata?.tokenizer?.chat_template;
    let grammar;
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
//# sourceMappingURL=open-local-model.js.map