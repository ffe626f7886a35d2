import fc from 'fast-check';

/**
 * Every way to cut a text's UTF-8 bytes into up to 21 chunks (cuts may fall inside a character), for property
 * tests that a stream parser gives the same parts however the network splits the body.
 */
export function byteSplits(text: string): fc.Arbitrary<Uint8Array[]> {
  const encoded = new TextEncoder().encode(text);
  return fc.uniqueArray(fc.integer({ min: 1, max: encoded.length - 1 }), { maxLength: 20 }).map((cuts) => {
    const bounds = [0, ...cuts.sort((left, right) => left - right), encoded.length];
    return bounds.slice(0, -1).map((start, index) => encoded.slice(start, bounds[index + 1]));
  });
}
