#!/usr/bin/env node
// `npm run bench -- NAME [args]`: runs bench/NAME.ts through tsx's loader (no build step).
import process from 'node:process';
import { register } from 'tsx/esm/api';

register();
const { runBench } = await import('../bench/run.ts');
const code = await runBench(process.argv.slice(2));
if (code !== undefined) process.exitCode = code;
