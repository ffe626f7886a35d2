import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleForBrowser, entryImportingAll, sourceFiles } from './bundle-for-browser.ts';

const core = fileURLToPath(new URL('../../src/core', import.meta.url));

describe('src/core bundles for the browser', () => {
  it('builds every source of src/core with esbuild for the browser, with no Node import anywhere on the way', async () => {
    const files = sourceFiles(core);
    expect(files.length).toBeGreaterThan(80);
    const bundle = await bundleForBrowser(entryImportingAll(files, core), core);
    expect(bundle.nodeImports, 'Node imports reached from src/core').toEqual([]);
    expect(bundle.errors.map((error) => error.text)).toEqual([]);
    // The bundle holds the core's own code and the packages it uses (zod, @bufbuild/cel).
    expect(bundle.code).toContain('classification');
    expect(bundle.bytes).toBeGreaterThan(10_000);
  });

  it('fails on a Node import, direct or through another module, and names the importer', async () => {
    const planted = [
      "import { readFileSync } from 'node:fs';",
      "import { join } from 'path';",
      "import { createRouter } from './router/index.ts';",
      "import { joined } from '../../test/fixtures/core-boundary/uses-node.ts';",
      'export const used = [readFileSync, join, createRouter, joined];',
    ].join('\n');
    const bundle = await bundleForBrowser(planted, core);
    expect(bundle.nodeImports).toEqual([
      { specifier: 'node:path', importer: '../../test/fixtures/core-boundary/uses-node.ts' },
      { specifier: 'node:fs', importer: 'browser-entry.ts' },
      { specifier: 'path', importer: 'browser-entry.ts' },
    ]);
  });

  it('reports a module that cannot be bundled at all', async () => {
    const bundle = await bundleForBrowser("import './does-not-exist.ts';", core);
    expect(bundle.errors.map((error) => error.text).join('\n')).toContain('does-not-exist');
  });
});
