import { mkdir, readFile, rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
const magic = 'SOVWV001';
/**
 * Converts wink's JSON (`{words: [...], vectors: {word: [100 floats, norm, rank]}}`) to the compact binary file:
 * `SOVWV001`, u32 count, u32 dimensions, u32 byte length of the words, the words joined by `\n` in UTF-8, zero
 * padding to 4 bytes, `count` float32 scales, then `count × dimensions` int8 components (little-endian).
 * Each vector is quantised with scale = max |component| / 127 (cosine error below 0.005).
 *
 * Plain JavaScript run in a worker thread: parsing the 294 MB JSON takes about 17 s and 1 GB of memory, which
 * must not stall the event loop. It is done once; the binary file (35 MB) loads in well under a second.
 */
const converterSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync, writeFileSync } = require('node:fs');
try {
  const data = JSON.parse(readFileSync(workerData.source, 'utf8'));
  const words = data.words;
  const dimensions = data.dimensions;
  const wordBytes = Buffer.from(words.join('\\n'), 'utf8');
  const headerLength = 8 + 12;
  const wordsEnd = headerLength + wordBytes.length;
  const scalesStart = Math.ceil(wordsEnd / 4) * 4;
  const componentsStart = scalesStart + 4 * words.length;
  const file = Buffer.alloc(componentsStart + words.length * dimensions);
  file.write(workerData.magic, 0, 'latin1');
  file.writeUInt32LE(words.length, 8);
  file.writeUInt32LE(dimensions, 12);
  file.writeUInt32LE(wordBytes.length, 16);
  wordBytes.copy(file, headerLength);
  const scales = new Float32Array(file.buffer, file.byteOffset + scalesStart, words.length);
  const components = new Int8Array(file.buffer, file.byteOffset + componentsStart, words.length * dimensions);
  for (let rank = 0; rank < words.length; rank++) {
    const vector = data.vectors[words[rank]];
    let largest = 0;
    for (let index = 0; index < dimensions; index++) largest = Math.max(largest, Math.abs(vector[index]));
    const scale = largest === 0 ? 1 : largest / 127;
    scales[rank] = scale;
    for (let index = 0; index < dimensions; index++) components[rank * dimensions + index] = Math.round(vector[index] / scale);
  }
  writeFileSync(workerData.target, file);
  parentPort.postMessage({ ok: true });
} catch (error) {
  parentPort.postMessage({ ok: false, error: String((error && error.message) || error) });
}
`;
/** Converts the JSON source to the binary file at `target` in a worker thread (written to a temporary name, then renamed). */
export async function convertWordVectors(source, target) {
    await mkdir(dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.tmp`;
    await new Promise((resolve, reject) => {
        const worker = new Worker(converterSource, { eval: true, workerData: { source, target: temporary, magic } });
        worker.once('message', (answer) => {
            if (answer.ok)
                resolve();
            else
                reject(new Error(`word vector conversion failed: ${answer.error ?? 'unknown error'}`));
            void worker.terminate();
        });
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`word vector conversion stopped (exit code ${code})`)));
    });
    await rename(temporary, target);
}
/** Reads a binary file written by `convertWordVectors`. */
export async function readWordVectors(path) {
    const file = await readFile(path);
    if (file.toString('latin1', 0, 8) !== magic)
        throw new Error(`${path} is not a word vector file (${magic})`);
    const count = file.readUInt32LE(8);
    const dimensions = file.readUInt32LE(12);
    const wordsLength = file.readUInt32LE(16);
    const wordsEnd = 20 + wordsLength;
    const scalesStart = Math.ceil(wordsEnd / 4) * 4;
    const componentsStart = scalesStart + 4 * count;
    if (file.length !== componentsStart + count * dimensions)
        throw new Error(`${path} is truncated`);
    const words = file.toString('utf8', 20, wordsEnd).split('\n');
    if (words.length !== count)
        throw new Error(`${path} holds ${words.length} words, expected ${count}`);
    const ranks = new Map();
    for (let rank = 0; rank < count; rank++)
        if (!ranks.has(words[rank]))
            ranks.set(words[rank], rank);
    // Copies, so the vectors do not keep the whole file buffer's pool slice alive and are aligned.
    const scales = new Float32Array(count);
    scales.set(new Float32Array(file.buffer.slice(file.byteOffset + scalesStart, file.byteOffset + componentsStart)));
    const components = new Int8Array(file.buffer.slice(file.byteOffset + componentsStart, file.byteOffset + file.length));
    return { dimensions, words, ranks, components, scales };
}
/** Loaded (or loading) vector files by binary path: embedders over the same file share one copy in memory. */
const loaded = new Map();
/**
 * Reads the binary file, converting `source` to it first when it is missing or older than the source. Loads
 * each file once per process; a failed load is forgotten so the next call retries.
 */
export function loadWordVectors(source, binary) {
    let loading = loaded.get(binary);
    if (!loading) {
        loading = (async () => {
            const [sourceStat, binaryStat] = await Promise.all([stat(source), stat(binary).catch(() => undefined)]);
            if (!binaryStat || binaryStat.mtimeMs < sourceStat.mtimeMs)
                await convertWordVectors(source, binary);
            return readWordVectors(binary);
        })();
        loaded.set(binary, loading);
        loading.catch(() => loaded.delete(binary));
    }
    return loading;
}
//# sourceMappingURL=word-vectors-file.js.map