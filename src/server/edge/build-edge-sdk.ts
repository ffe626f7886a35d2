import { fileURLToPath } from 'node:url';

/**
 * The SDK's entry point, bundled with what it imports from src/core and the browser packages. Always the TypeScript
 * source (esbuild bundles it), also when the gateway runs the compiled dist/: the path goes through the repository
 * root, the same three levels up from src/server/edge and dist/server/edge.
 */
export const edgeEntryPoint = fileURLToPath(new URL('../../../src/edge/index.ts', import.meta.url));

export interface EdgeSdkBuild {
  /** One ES module. */
  code: string;
  /** Every file the bundle was built from (relative paths), to prove what it contains. */
  inputs: string[];
  /** What the module still imports at run time (none: it is self-contained). */
  imports: Array<{ path: string; kind: string }>;
}

/**
 * Bundles the browser SDK into one ES module for the browser (esbuild, `platform: 'browser'`: a Node built-in
 * anywhere in its imports fails the build). `publicKey` is written in as the default key bundles are verified with,
 * and the script knows its gateway is the origin it was served from.
 * @see https://esbuild.github.io/api/#build
 */
export async function buildEdgeSdk(options: { publicKey?: string; minify?: boolean } = {}): Promise<EdgeSdkBuild> {
  const served = options.publicKey !== undefined;
  // Imported on first use: a gateway that never serves the SDK does not load esbuild.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [edgeEntryPoint],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    minify: options.minify ?? true,
    legalComments: 'none',
    logLevel: 'silent',
    define: {
      __SOVEREIGN_GATEWAY_PUBLIC_KEY__: served ? JSON.stringify(options.publicKey) : 'undefined',
      __SOVEREIGN_SERVED_BY_GATEWAY__: served ? 'true' : 'false',
    },
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no output for the edge SDK');
  const imports = Object.values(result.metafile.outputs).flatMap((file) => file.imports.map(({ path, kind }) => ({ path, kind })));
  return { code: output.text, inputs: Object.keys(result.metafile.inputs), imports };
}
