import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build, type Message, type Plugin } from 'esbuild';
import { isNodeBuiltin } from '../../lint/stay-inside-rule.js';

/** A Node import found while bundling: what was imported and by which file. */
export interface NodeImport {
  specifier: string;
  importer: string;
}

/** What bundling for the browser found. */
export interface BrowserBundle {
  nodeImports: NodeImport[];
  errors: Message[];
  /** Size of the minified bundle in bytes (0 when the build failed). */
  bytes: number;
  /** The bundled code (empty when the build failed). */
  code: string;
}

/** Every non-test TypeScript source under `folder`, recursively (sorted, absolute paths). */
export function sourceFiles(folder: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) files.push(join(entry.parentPath, entry.name));
  }
  return files.sort();
}

/**
 * Bundles `entry` (module source, resolved from `resolveDirectory`) the way a browser app would (esbuild, platform
 * `browser`, npm packages included through their `browser` fields) and reports every Node built-in that any module
 * on the way imports, with its importer (sorted by importer), instead of stopping at the first.
 */
export async function bundleForBrowser(entry: string, resolveDirectory: string): Promise<BrowserBundle> {
  const nodeImports: NodeImport[] = [];
  const recordNodeImports: Plugin = {
    name: 'record-node-imports',
    setup(builder) {
      builder.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point' || !isNodeBuiltin(args.path)) return undefined;
        nodeImports.push({ specifier: args.path, importer: relative(resolveDirectory, args.importer) || args.importer });
        return { path: args.path, external: true };
      });
    },
  };
  const result = await build({
    stdin: { contents: entry, resolveDir: resolveDirectory, sourcefile: 'browser-entry.ts', loader: 'ts' },
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    logLevel: 'silent',
    plugins: [recordNodeImports],
  }).catch((failure: { errors?: Message[] }) => ({ errors: failure.errors ?? [], outputFiles: [] }));
  const code = result.outputFiles?.[0]?.text ?? '';
  nodeImports.sort((left, right) => left.importer.localeCompare(right.importer) || left.specifier.localeCompare(right.specifier));
  return { nodeImports, errors: result.errors, bytes: Buffer.byteLength(code), code };
}

/** An entry module that imports every given file and keeps all of it (so nothing is left out of the bundle). */
export function entryImportingAll(files: readonly string[], resolveDirectory: string): string {
  const lines = files.map((file, index) => `import * as module${index} from './${relative(resolveDirectory, file)}';`);
  lines.push(`export const modules = [${files.map((_file, index) => `module${index}`).join(', ')}];`);
  return lines.join('\n');
}
