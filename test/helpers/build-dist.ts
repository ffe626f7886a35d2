import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * vitest's global setup: compiles src/ to dist/ when a source changed since the last build (scripts/build.mjs
 * --if-stale). The tests import the sources; the ones that spawn the `sovereign` command run dist/, as users do, so
 * each spawned process starts without compiling TypeScript.
 */
export default function buildDist(): void {
  const script = fileURLToPath(new URL('../../scripts/build.mjs', import.meta.url));
  const result = spawnSync(process.execPath, [script, '--if-stale'], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`building dist/ failed (exit ${result.status ?? result.signal}); see the compiler's messages above`);
}
