import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dotProduct } from './embedder.ts';
import { createWinkEmbedder } from './wink-embedder.ts';
import { loadWordVectors, readWordVectors, type WordVectors } from './word-vectors-file.ts';

/** A five-word vocabulary in wink's layout: rank order, 4 dimensions. */
const tinyWink = {
  precision: 8,
  l2NormIndex: 4,
  wordIndex: 5,
  size: 5,
  dimensions: 4,
  words: ['the', 'learn', 'study', 'python', 'java'],
  vectors: {
    the: [0.5, 0.5, 0.5, 0.5, 1, 0],
    learn: [1, 0.2, 0, 0, 1.02, 1],
    study: [0.9, 0.3, 0, 0.1, 0.95, 2],
    python: [0, 0, 1, 0.1, 1, 3],
    java: [0, 0.1, 0.9, -0.3, 0.95, 4],
  },
};

const directories: string[] = [];
async function temporaryDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'sovereign-wink-'));
  directories.push(directory);
  return directory;
}
afterAll(async () => {
  await Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true })));
});

async function tinyVectors(): Promise<WordVectors> {
  const directory = await temporaryDirectory();
  await writeFile(join(directory, 'tiny.json'), JSON.stringify(tinyWink));
  return loadWordVectors(join(directory, 'tiny.json'), join(directory, 'cache', 'tiny.bin'));
}

describe('word vectors file', () => {
  it('converts wink JSON to int8 vectors that dequantise within half a step, loaded once per process', async () => {
    const directory = await temporaryDirectory();
    const source = join(directory, 'tiny.json');
    const binary = join(directory, 'cache', 'tiny.bin');
    await writeFile(source, JSON.stringify(tinyWink));
    const vectors = await loadWordVectors(source, binary);
    expect(vectors.words).toEqual(tinyWink.words);
    expect(vectors.ranks.get('python')).toBe(3);
    tinyWink.words.forEach((word, rank) => {
      const original = tinyWink.vectors[word as keyof typeof tinyWink.vectors];
      for (let index = 0; index < 4; index++) {
        const restored = vectors.components[rank * 4 + index]! * vectors.scales[rank]!;
        expect(Math.abs(restored - original[index]!)).toBeLessThanOrEqual(vectors.scales[rank]! / 2 + 1e-7);
      }
    });
    expect(await loadWordVectors(source, binary)).toBe(vectors);
    expect((await readFile(binary)).subarray(0, 8).toString('latin1')).toBe('SOVWV001');
    const copy = await readWordVectors(binary);
    expect(copy.components).toEqual(vectors.components);
  });
});

describe('createWinkEmbedder on a tiny vocabulary', () => {
  it('is deterministic, unit-length and ready at once when given vectors', async () => {
    const vectors = await tinyVectors();
    const embedder = createWinkEmbedder({ cacheDirectory: '/nonexistent', vectors });
    expect(embedder.isReady?.()).toBe(true);
    const [a] = await embedder.embed(['learn python']);
    const [b] = await createWinkEmbedder({ cacheDirectory: '/nonexistent', vectors }).embed(['Learn Python!']);
    expect(a).toEqual(b);
    expect(dotProduct(a!, a!)).toBeCloseTo(1, 5);
  });

  it('places synonyms near each other and keeps unknown words apart', async () => {
    const embedder = createWinkEmbedder({ cacheDirectory: '/nonexistent', vectors: await tinyVectors(), weighting: 'mean' });
    const [learn, study, java, six, seven] = await embedder.embed(['learn python', 'study python', 'learn java', 'python 6', 'python 7']);
    expect(dotProduct(learn!, study!)).toBeGreaterThan(dotProduct(learn!, java!));
    expect(dotProduct(six!, seven!)).toBeLessThan(0.9);
  });

  it('SIF weighting makes frequent words count less than a plain mean does', async () => {
    const vectors = await tinyVectors();
    const similarity = async (weighting: 'sif' | 'mean'): Promise<number> => {
      const [padded, bare] = await createWinkEmbedder({ cacheDirectory: '/nonexistent', vectors, weighting, sifWeight: 0.01 }).embed(['the the python', 'python']);
      return dotProduct(padded!, bare!);
    };
    expect(await similarity('sif')).toBeGreaterThan(await similarity('mean'));
  });
});

describe('createWinkEmbedder on the real vectors', () => {
  // Loads the real 341,479-word vocabulary once (the first run on a machine converts the JSON: about 10 s).
  it('loads lazily and ranks a paraphrase above an unrelated question', { timeout: 120_000 }, async () => {
    const cacheDirectory = join(process.env.SOVEREIGN_HOME ?? resolve(import.meta.dirname, '../../../.sovereign'), 'cache');
    const embedder = createWinkEmbedder({ cacheDirectory });
    expect(embedder.isReady?.()).toBe(false);
    const [question, paraphrase, unrelated] = await embedder.embed([
      'How can I lose weight quickly?',
      'What is the fastest way to lose weight?',
      'Which country has the best universities?',
    ]);
    expect(embedder.isReady?.()).toBe(true);
    expect(question!.length).toBe(100);
    expect(dotProduct(question!, paraphrase!)).toBeGreaterThan(dotProduct(question!, unrelated!) + 0.1);
  });
});
