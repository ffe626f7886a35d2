#!/usr/bin/env node
// The `sovereign` command. It runs the JavaScript compiled from src/ into dist/ (`npm install` builds it through the
// `prepare` script; `npm run build` rebuilds it; `npm start` rebuilds it first when a source changed), so no
// TypeScript is compiled at run time. Stack traces point into dist/; NODE_OPTIONS=--enable-source-maps maps them
// back to src/.
import { existsSync } from 'node:fs';
import module from 'node:module';
import process from 'node:process';
import { URL } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'sovereign: dist/ is missing: the gateway runs the JavaScript compiled from src/.\n' +
      'Build it with "npm run build" (npm install does it too), then run the command again.\n',
  );
  process.exit(1);
}
// Node 22.1 and later keep the compiled code of the modules on disk (in the system's temporary folder, per Node
// version; NODE_COMPILE_CACHE names another folder, NODE_DISABLE_COMPILE_CACHE=1 turns it off), so the next start
// compiles nothing it compiled before. Node 20 has no such cache and starts as before.
module.enableCompileCache?.();
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
