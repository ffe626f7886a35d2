/**
 * `npm run bench -- log-line [--lines N] [--json]`: what one request log line costs the gateway, in CPU
 * microseconds (process.cpuUsage, so threads writing asynchronously count too), for the gateway's logger (with its
 * redaction paths) and for the request-line logger (no redaction pass), writing nowhere, synchronously to a file
 * (a write per line), asynchronously to a file, and once per event-loop turn to a file (the gateway's default). Lines are logged in batches of 100 per event-loop turn, as a busy gateway would.
 */
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { createLogger, requestLineLogger, type Logger } from '../src/server/logger.ts';
import { createTurnBatchedDestination } from '../src/server/turn-batched-destination.ts';

const { values } = parseArgs({ options: { lines: { type: 'string', default: '100000' }, json: { type: 'boolean', default: false } } });
const lines = Number(values.lines);
if (!Number.isInteger(lines) || lines <= 0) throw new Error(`--lines expects a positive integer, got ${values.lines}`);
const folder = mkdtempSync(join(tmpdir(), 'sovereign-log-line-'));

type Sink = 'none' | 'file sync' | 'file async' | 'file per turn';
function destination(sink: Sink, name: string): pino.DestinationStream {
  if (sink === 'none') return { write: () => undefined };
  if (sink === 'file per turn') return createTurnBatchedDestination({ fd: openSync(join(folder, name), 'a') });
  return pino.destination({ dest: join(folder, name), sync: sink === 'file sync' });
}

async function microsecondsPerLine(logger: Logger): Promise<number> {
  const started = process.cpuUsage();
  let logged = 0;
  await new Promise<void>((resolve) => {
    const batch = () => {
      for (let k = 0; k < 100 && logged < lines; k++, logged++) {
        logger.info({ requestId: `req_${logged}`, dialect: 'openai', endpoint: 'chat', status: 200, tenant: 'default', model: 'gpt-4o-mini', provider: 'upstream', decision: `dec_${logged}`, ms: 3 }, 'request');
      }
      if (logged < lines) setImmediate(batch);
      else resolve();
    };
    batch();
  });
  logger.flush();
  await new Promise((resolve) => setTimeout(resolve, 50));
  const used = process.cpuUsage(started);
  return (used.user + used.system) / lines;
}

const results: Array<{ logger: string; sink: Sink; us_per_line: number }> = [];
for (const sink of ['none', 'file sync', 'file async', 'file per turn'] as const) {
  for (const kind of ['gateway (redacting)', 'request line'] as const) {
    const base = createLogger({ level: 'info', destination: destination(sink, `${kind}-${sink}.log`.replace(/\W+/g, '-')) });
    const logger = kind === 'request line' ? requestLineLogger(base) : base;
    await microsecondsPerLine(logger); // warm-up
    results.push({ logger: kind, sink, us_per_line: Number((await microsecondsPerLine(logger)).toFixed(2)) });
    process.stderr.write('.');
  }
}
process.stderr.write('\n');
rmSync(folder, { recursive: true, force: true });
if (values.json) {
  process.stdout.write(`${JSON.stringify({ lines, results })}\n`);
} else {
  process.stdout.write(`CPU microseconds per request log line (${lines} lines per measurement, after one warm-up run)\n`);
  for (const row of results) process.stdout.write(`  ${row.logger.padEnd(20)} ${row.sink.padEnd(13)} ${row.us_per_line.toFixed(2).padStart(7)} us\n`);
}
