import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';

/**
 * Builds the dashboard (web/ into web/dist) when it is not built yet or its sources changed since the last build:
 * `npm start` runs this first, so a checkout installed with `--ignore-scripts`, or updated with `git pull`, serves
 * the /ui of its own sources. `npm install` builds it anyway (the `prepare` script). With `--strict` (the tests), a
 * failed build exits 1; otherwise the gateway starts and serves everything but /ui.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'web/dist/index.html');

/** The newest modification time under a path (a file, or a directory walked recursively). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const sources = ['web/src', 'web/edge', 'web/index.html', 'web/vite.config.ts'].map((path) => join(root, path));
const stale = !existsSync(built) || Math.max(...sources.map(newest)) > statSync(built).mtimeMs;
if (stale) {
  process.stderr.write('building the dashboard (web/dist)...\n');
  const result = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(root, 'web/vite.config.ts')], { stdio: 'inherit', cwd: root });
  if (result.status !== 0) {
    process.stderr.write('the dashboard could not be built; the gateway serves everything else (npm run build:web to retry)\n');
    if (process.argv.includes('--strict')) process.exitCode = 1;
  }
}
