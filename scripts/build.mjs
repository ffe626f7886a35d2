#!/usr/bin/env node
// Compiles src/ to dist/ (ESM JavaScript with source maps, tsconfig.build.json) so that `npm start` and the
// `sovereign` command run no TypeScript loader. Plain JavaScript on purpose: it runs before anything is built.
//
//   node scripts/build.mjs             build now
//   node scripts/build.mjs --if-stale  build only when a source is newer than the last build (npm start, tests)
//
// The compiler writes into a temporary folder beside dist/ that replaces dist/ when it succeeds, so a failed or
// interrupted build never leaves a half-written dist/ behind.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const distFolder = join(root, 'dist');
/** Written last by a successful build; its modification time is the build's. */
const stampFile = join(distFolder, '.build-stamp');
/** What the build reads besides src/: a change to one of them makes dist/ stale too. */
const buildInputs = ['tsconfig.json', 'tsconfig.build.json', 'package.json'].map((name) => join(root, name));

/** The newest modification time (ms) among the build's inputs: every file under src/ and the configurations. */
export function newestSourceTime() {
  let newest = 0;
  const visit = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
    // A deleted or renamed file changes its folder's time.
    newest = Math.max(newest, statSync(folder).mtimeMs);
  };
  visit(join(root, 'src'));
  for (const file of buildInputs) if (existsSync(file)) newest = Math.max(newest, statSync(file).mtimeMs);
  return newest;
}

/** Whether dist/ is missing or older than one of its sources. */
export function distIsStale() {
  if (!existsSync(stampFile)) return true;
  return statSync(stampFile).mtimeMs < newestSourceTime();
}

/** Compiles src/ into dist/; returns the exit code (0 on success), the compiler's messages on stderr. */
export function build() {
  const temporary = join(root, `dist.building-${process.pid}`);
  rmSync(temporary, { recursive: true, force: true });
  const compiler = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [compiler, '-p', join(root, 'tsconfig.build.json'), '--outDir', temporary], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) {
    rmSync(temporary, { recursive: true, force: true });
    process.stderr.write(`build: the TypeScript compiler failed (exit ${result.status ?? result.signal}); dist/ is unchanged\n`);
    return result.status || 1;
  }
  writeFileSync(join(temporary, '.build-stamp'), `${new Date().toISOString()}\n`);
  rmSync(distFolder, { recursive: true, force: true });
  renameSync(temporary, distFolder);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ifStale = process.argv.includes('--if-stale');
  if (ifStale && !distIsStale()) process.exit(0);
  if (ifStale) process.stderr.write('build: src/ changed since the last build; compiling to dist/...\n');
  process.exitCode = build();
}
