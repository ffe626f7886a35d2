import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openAuditLog, verifyAuditLog } from './audit-log.ts';
import { sampleEntry, temporaryHome } from './audit-test-support.ts';

const home = temporaryHome();
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Starts the writer, lets it run until `minimum` records are durable, then kills it with SIGKILL. */
async function writeThenKill(minimum: number): Promise<number> {
  const script = fileURLToPath(new URL('./audit-crash-writer.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, home], { stdio: ['ignore', 'pipe', 'inherit'] });
  let durable = 0;
  let buffered = '';
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the writer exited (${code}) before ${minimum} records were durable`)));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) durable = Math.max(durable, Number(line.replace('durable ', '')));
      if (durable >= minimum) {
        child.kill('SIGKILL');
        resolve();
      }
    });
  });
  expect(await exited).toBe('SIGKILL');
  return durable;
}

describe('audit log after kill -9', () => {
  it('keeps every acknowledged record and continues the chain from the last durable one', async () => {
    const acknowledged = await writeThenKill(300);
    const log = openAuditLog({ home });
    const recovered = log.stats().records;
    expect(recovered).toBeGreaterThanOrEqual(acknowledged);
    expect((await log.append(sampleEntry(0))).seq).toBe(recovered + 1);
    await log.close();
    expect(verifyAuditLog({ dbFile: log.dbFile, publicKey: log.publicKey })).toMatchObject({ ok: true, records: recovered + 1, unsignedTail: 0 });

    const second = await writeThenKill(recovered + 200);
    const reopened = openAuditLog({ home });
    expect(reopened.stats().records).toBeGreaterThanOrEqual(second);
    await reopened.close();
    expect(verifyAuditLog({ dbFile: reopened.dbFile, publicKey: reopened.publicKey })).toMatchObject({ ok: true, unsignedTail: 0 });
  }, 60_000);
});
