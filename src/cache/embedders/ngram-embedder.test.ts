import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dotProduct } from './embedder.ts';
import { createNgramEmbedder } from './ngram-embedder.ts';

const similarity = async (left: string, right: string): Promise<number> => {
  const [a, b] = await createNgramEmbedder().embed([left, right]);
  return dotProduct(a!, b!);
};

describe('createNgramEmbedder', () => {
  it('is deterministic across instances and returns unit vectors of the declared size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 80 }).filter((text) => /[\p{L}\p{N}]/u.test(text)), async (text) => {
        const first = createNgramEmbedder();
        const [a] = await first.embed([text]);
        const [b] = await createNgramEmbedder().embed([text]);
        expect(a).toEqual(b);
        expect(a!.length).toBe(first.dimensions);
        expect(dotProduct(a!, a!)).toBeCloseTo(1, 5);
      }),
    );
  });

  it('ignores case, spacing and sentence punctuation', async () => {
    expect(await similarity('What is contract law?', '""what is   contract law?""')).toBeGreaterThan(0.9999);
  });

  it('sees word order and symbols', async () => {
    expect(await similarity('How is Messi better than Ronaldo?', 'How is Ronaldo better than Messi?')).toBeLessThan(0.9);
    expect(await similarity('What is the name of the ~ symbol?', 'What is the name of the @ symbol?')).toBeLessThan(0.97);
  });

  it('returns a zero vector for text without words', async () => {
    const [vector] = await createNgramEmbedder().embed(['?!']);
    expect(dotProduct(vector!, vector!)).toBe(0);
  });

  it('names its settings in its id', () => {
    expect(createNgramEmbedder().id).not.toBe(createNgramEmbedder({ dimensions: 512 }).id);
  });
});
