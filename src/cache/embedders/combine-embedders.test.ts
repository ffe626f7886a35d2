import { describe, expect, it } from 'vitest';
import { combineEmbedders } from './combine-embedders.ts';
import { dotProduct, normaliseVector, type Embedder } from './embedder.ts';

const fixed = (id: string, vectors: Record<string, number[]>): Embedder => ({
  id,
  dimensions: 2,
  embed: (texts) => Promise.resolve(texts.map((text) => normaliseVector(Float32Array.from(vectors[text]!)))),
});

describe('combineEmbedders', () => {
  it('gives the weighted mean of the parts’ cosine similarities', async () => {
    const first = fixed('first', { x: [1, 0], y: [0, 1] });
    const second = fixed('second', { x: [1, 0], y: [1, 0] });
    const combined = combineEmbedders([{ embedder: first, weight: 3 }, { embedder: second, weight: 1 }]);
    const [x, y] = await combined.embed(['x', 'y']);
    expect(combined.dimensions).toBe(4);
    expect(dotProduct(x!, x!)).toBeCloseTo(1, 6);
    expect(dotProduct(x!, y!)).toBeCloseTo(0.75 * 0 + 0.25 * 1, 6);
    expect(combined.id).toBe('combined(first*0.75+second*0.25)');
  });
});
