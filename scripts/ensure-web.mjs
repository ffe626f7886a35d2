import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';

/**
 * Builds the dashboard (web/ into web/dist) when it is not built yet: `npm start` runs this first, so a checkout
 * installed with `--ignore-scripts` still serves /ui. `npm install` builds it anyway (the `prepare` script).
 */
const root = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(`${root}web/dist/index.html`)) {
  process.stderr.write('building the dashboard (web/dist)...\n');
  const result = spawnSync(process.execPath, [`${root}node_modules/vite/bin/vite.js`, 'build', '--config', `${root}web/vite.config.ts`], { stdio: 'inherit', cwd: root });
  if (result.status !== 0) {
    process.stderr.write('the dashboard could not be built; the gateway serves everything else (npm run build:web to retry)\n');
  }
}
