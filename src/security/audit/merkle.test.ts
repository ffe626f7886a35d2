import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MerkleFrontier } from './merkle-frontier.ts';
import { merkleEmptyRoot, merkleLeafHash, merkleNodeHash } from './merkle-hash.ts';
import { buildMerkleLevels, merkleInclusionPath, merkleLevelsRoot } from './merkle-levels.ts';
import { rootFromInclusionProof, verifyInclusion, type InclusionProof } from './verify-inclusion.ts';

// Test vectors of transparency-dev/merkle (proof/verify_test.go, rfc6962/rfc6962_test.go), the reference
// implementation of RFC 6962 / RFC 9162 trees used by Certificate Transparency.
const vectorLeaves = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(
  (hex) => Buffer.from(hex, 'hex'),
);
const vectorRoots = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
/** [leaf index (0-based), tree size, path]. */
const vectorProofs: Array<[number, number, string[]]> = [
  [0, 8, [
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
  ]],
  [5, 8, [
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  ]],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [1, 5, [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
  ]],
];

/** MTH(D[n]) exactly as RFC 9162 section 2.1.1 writes it: split at the largest power of two smaller than n. */
function naiveRoot(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return merkleEmptyRoot();
  if (leaves.length === 1) return merkleLeafHash(leaves[0]!);
  const split = largestPowerOfTwoBelow(leaves.length);
  return merkleNodeHash(naiveRoot(leaves.slice(0, split)), naiveRoot(leaves.slice(split)));
}

/** PATH(m, D[n]) exactly as RFC 9162 section 2.1.3.1 writes it. */
function naivePath(index: number, leaves: Buffer[]): Buffer[] {
  if (leaves.length <= 1) return [];
  const split = largestPowerOfTwoBelow(leaves.length);
  return index < split
    ? [...naivePath(index, leaves.slice(0, split)), naiveRoot(leaves.slice(split))]
    : [...naivePath(index - split, leaves.slice(split)), naiveRoot(leaves.slice(0, split))];
}

function largestPowerOfTwoBelow(n: number): number {
  let split = 1;
  while (split * 2 < n) split *= 2;
  return split;
}

function frontierOf(leaves: Buffer[]): MerkleFrontier {
  const frontier = new MerkleFrontier();
  for (const leaf of leaves) frontier.append(merkleLeafHash(leaf));
  return frontier;
}

const leafHashes = (leaves: Buffer[]): Buffer => Buffer.concat(leaves.map((leaf) => merkleLeafHash(leaf)));
const hex = (buffers: Buffer[]): string[] => buffers.map((buffer) => buffer.toString('hex'));

describe('RFC 9162 hashing', () => {
  it('matches the reference leaf, node and empty-tree hashes', () => {
    expect(merkleEmptyRoot().toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(merkleLeafHash('').toString('hex')).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(merkleLeafHash('L123456').toString('hex')).toBe('395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56');
    expect(merkleNodeHash(Buffer.from('N123'), Buffer.from('N456')).toString('hex')).toBe(
      'aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb',
    );
  });

  it.each(vectorRoots.map((root, index) => [index + 1, root] as const))('the frontier and the levels give the reference root of %i leaves', (size, root) => {
    const leaves = vectorLeaves.slice(0, size);
    expect(frontierOf(leaves).root().toString('hex')).toBe(root);
    expect(merkleLevelsRoot(buildMerkleLevels(leafHashes(leaves)))?.toString('hex')).toBe(root);
  });

  it.each(vectorProofs)('leaf %i of %i: the reference inclusion path, and it verifies', (leafIndex, treeSize, path) => {
    const leaves = vectorLeaves.slice(0, treeSize);
    expect(hex(merkleInclusionPath(buildMerkleLevels(leafHashes(leaves)), leafIndex))).toEqual(path);
    expect(verifyInclusion(vectorLeaves[leafIndex]!, { leafIndex, treeSize, path }, vectorRoots[treeSize - 1]!)).toBe(true);
  });

  it.each(vectorProofs)('leaf %i of %i: a corrupted proof does not verify', (leafIndex, treeSize, path) => {
    const root = vectorRoots[treeSize - 1]!;
    const leaf = vectorLeaves[leafIndex]!;
    const flipped = path.map((_, position) => path.map((hash, index) => (index === position ? `${(parseInt(hash[0]!, 16) ^ 8).toString(16)}${hash.slice(1)}` : hash)));
    const probes: InclusionProof[] = [
      { leafIndex: leafIndex + 1, treeSize, path },
      { leafIndex: leafIndex ^ 2, treeSize, path },
      { leafIndex, treeSize: treeSize * 2, path },
      { leafIndex, treeSize: Math.floor(treeSize / 2), path },
      { leafIndex, treeSize, path: [...path, root] },
      { leafIndex, treeSize, path: [root, ...path] },
      { leafIndex, treeSize, path: path.slice(0, -1) },
      ...flipped.map((wrong) => ({ leafIndex, treeSize, path: wrong })),
    ];
    for (const probe of probes) expect(verifyInclusion(leaf, probe, root)).toBe(false);
    expect(verifyInclusion(Buffer.from('WrongLeaf'), { leafIndex, treeSize, path }, root)).toBe(false);
    expect(verifyInclusion(leaf, { leafIndex, treeSize, path }, merkleEmptyRoot().toString('hex'))).toBe(false);
  });

  it('rejects an index outside the tree', () => {
    expect(rootFromInclusionProof(merkleLeafHash('x'), { leafIndex: 1, treeSize: 1, path: [] })).toBeUndefined();
    expect(rootFromInclusionProof(merkleLeafHash('x'), { leafIndex: 0, treeSize: 0, path: [] })).toBeUndefined();
  });
});

describe('Merkle tree against the naive recursive definition', () => {
  const leavesArbitrary = fc.array(fc.uint8Array({ maxLength: 12 }), { minLength: 1, maxLength: 200 }).map((arrays) => arrays.map((array) => Buffer.from(array)));

  it('frontier root, levels root and naive root agree for every size 1..200', () => {
    fc.assert(
      fc.property(leavesArbitrary, (leaves) => {
        const expected = naiveRoot(leaves).toString('hex');
        expect(frontierOf(leaves).root().toString('hex')).toBe(expected);
        expect(merkleLevelsRoot(buildMerkleLevels(leafHashes(leaves)))?.toString('hex')).toBe(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('every inclusion path equals RFC PATH(m, D[n]) and verifies', () => {
    fc.assert(
      fc.property(leavesArbitrary, fc.nat(), (leaves, pick) => {
        const leafIndex = pick % leaves.length;
        const levels = buildMerkleLevels(leafHashes(leaves));
        const path = hex(merkleInclusionPath(levels, leafIndex));
        expect(path).toEqual(hex(naivePath(leafIndex, leaves)));
        expect(verifyInclusion(leaves[leafIndex]!, { leafIndex, treeSize: leaves.length, path }, naiveRoot(leaves).toString('hex'))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('every size 1..200: the frontier after each append matches the naive root', () => {
    const leaves = Array.from({ length: 200 }, (_, index) => Buffer.from(`leaf ${index}`));
    const frontier = new MerkleFrontier();
    for (let size = 1; size <= leaves.length; size++) {
      frontier.append(merkleLeafHash(leaves[size - 1]!));
      expect(frontier.root().equals(naiveRoot(leaves.slice(0, size)))).toBe(true);
    }
  });

  it('a serialised frontier resumes where it stopped', () => {
    const leaves = Array.from({ length: 77 }, (_, index) => Buffer.from(`leaf ${index}`));
    const frontier = frontierOf(leaves.slice(0, 45));
    const resumed = MerkleFrontier.fromJSON(JSON.parse(JSON.stringify(frontier.toJSON())));
    for (const leaf of leaves.slice(45)) resumed.append(merkleLeafHash(leaf));
    expect(resumed.root().equals(naiveRoot(leaves))).toBe(true);
    expect(() => MerkleFrontier.fromJSON({ size: 3, nodes: [] })).toThrow(RangeError);
  });
});
