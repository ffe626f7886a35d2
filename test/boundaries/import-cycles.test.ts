import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findImportCycles, formatCycle } from '../../scripts/import-cycles.ts';

const source = fileURLToPath(new URL('../../src', import.meta.url));


describe('import cycles (npm run cycles)', () => {
  it('finds a planted cycle, type-only imports marked, and leaves out what only hangs off it', () => {
    const cycles = findImportCycles(fileURLToPath(new URL('../fixtures/import-cycle', import.meta.url)));
    expect(cycles.map(formatCycle)).toEqual(['first.ts > second.ts > third.ts >(type) first.ts']);
  });

  it('finds no cycle in src', () => {
    expect(findImportCycles(source).map(formatCycle), 'import cycles in src (npm run cycles)').toEqual([]);
  });
});
