import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';
import { buildEdgeSdk } from '../src/server/edge/build-edge-sdk.ts';

/** Packages the browser SDK may contain: the core's own dependencies that run in browsers, and the device runtime. */
const browserPackages = ['@bufbuild/cel', '@bufbuild/cel-spec', '@bufbuild/protobuf', '@bufbuild/re2', '@noble/curves', '@noble/hashes', '@noble/post-quantum', '@wllama/wllama', 'zod'];

function packageOf(input: string): string | undefined {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  return match?.[1];
}

describe('the browser SDK bundle (/sdk/edge.js)', () => {
  it('builds for the browser from src/core and src/edge alone, with no Node-only import', async () => {
    // platform: browser fails the build on any Node built-in reached through an import.
    const { code, inputs } = await buildEdgeSdk({ minify: false });
    const ours = inputs.filter((input) => !input.includes('node_modules/'));
    expect(ours.length).toBeGreaterThan(20);
    expect(ours.filter((input) => !input.startsWith('src/core/') && !input.startsWith('src/edge/'))).toEqual([]);
    expect(ours).toContain('src/edge/index.ts');
    const packages = [...new Set(inputs.map(packageOf).filter((name): name is string => name !== undefined))];
    expect(packages.filter((name) => !browserPackages.includes(name))).toEqual([]);
    // What the module imports at run time, as esbuild resolved it: nothing at all (no Node built-in, no package).
    // (wllama's emscripten worker source is a string that becomes a Blob worker; its Node branches never run here.)
    const { imports } = await buildEdgeSdk({ minify: true });
    expect(imports).toEqual([]);
    const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
    expect(inputs.filter((input) => builtins.has(input) || input.startsWith('node:'))).toEqual([]);
    expect(code).toMatch(/export\s*\{[^}]*createEdgeClient/);
  }, 60_000);

  it('carries the gateway key only when the gateway serves it', async () => {
    const served = await buildEdgeSdk({ publicKey: 'c292ZXJlaWduLXRlc3Qta2V5', minify: true });
    expect(served.code).toContain('"c292ZXJlaWduLXRlc3Qta2V5"');
    const plain = await buildEdgeSdk({ minify: true });
    expect(plain.code).not.toContain('c292ZXJlaWduLXRlc3Qta2V5');
  }, 60_000);
});
