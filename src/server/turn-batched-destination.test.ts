import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { createTurnBatchedDestination } from './turn-batched-destination.ts';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A destination over a recording write; `script` says how many bytes each call takes or which error it throws. */
function recorded(script: Array<number | string> = [], maxPendingChars?: number) {
  const writes: string[] = [];
  const destination = createTurnBatchedDestination({
    fd: 99,
    ...(maxPendingChars === undefined ? {} : { maxPendingChars }),
    writeBytes: (_fd, bytes) => {
      const step = script.shift();
      if (typeof step === 'string') throw Object.assign(new Error(step), { code: step });
      const taken = Math.min(step ?? bytes.length, bytes.length);
      writes.push(Buffer.from(bytes.subarray(0, taken)).toString('utf8'));
      return taken;
    },
  });
  return { destination, writes };
}

describe('createTurnBatchedDestination', () => {
  it('writes the lines of one turn in order with one write, after the turn', async () => {
    const { destination, writes } = recorded();
    destination.write('a\n');
    destination.write('b\n');
    destination.write('c\n');
    expect(writes).toEqual([]);
    expect(destination.pendingBytes).toBe(6);
    await nextTurn();
    expect(writes).toEqual(['a\nb\nc\n']);
    destination.write('d\n');
    await nextTurn();
    expect(writes).toEqual(['a\nb\nc\n', 'd\n']);
    expect(destination.pendingBytes).toBe(0);
  });

  it('writes at once when the queue reaches its limit, and the rest after the turn', async () => {
    const { destination, writes } = recorded([], 4);
    destination.write('ab\n');
    destination.write('cd\n');
    expect(writes).toEqual(['ab\ncd\n']);
    destination.write('e\n');
    await nextTurn();
    expect(writes).toEqual(['ab\ncd\n', 'e\n']);
  });

  it('finishes a partial write, waits out a full pipe, and counts bytes, not characters', async () => {
    const { destination, writes } = recorded([3, 'EAGAIN', 2]);
    destination.write('é-line\n');
    destination.flush();
    expect(writes.join('')).toBe('é-line\n');
    expect(writes[0]).toBe('é-');
  });

  it('drops a batch it cannot write (a closed stdout) and goes on with the next', async () => {
    const { destination, writes } = recorded(['EPIPE']);
    destination.write('lost\n');
    await nextTurn();
    destination.write('kept\n');
    await nextTurn();
    expect(writes).toEqual(['kept\n']);
  });

  it("is what pino's flush reaches: logger.flush() writes at once", () => {
    const { destination, writes } = recorded();
    const logger = createLogger({ destination });
    logger.info({ requestId: 'r1' }, 'request');
    logger.flush();
    expect(writes).toHaveLength(1);
    expect(JSON.parse(writes[0]!)).toMatchObject({ requestId: 'r1', msg: 'request' });
  });

  it.each([
    ['an uncaught exception', "throw new Error('boom')", 1],
    ['process.exit', 'process.exit(3)', 3],
  ])('writes every queued line of the gateway logger when the process ends by %s', (_name, ending, code) => {
    const logger = fileURLToPath(new URL('./logger.ts', import.meta.url));
    const script = `const { createLogger } = await import(${JSON.stringify(logger)});
      const log = createLogger();
      for (let i = 0; i < 5; i++) log.info({ line: i }, 'request');
      ${ending};`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.status).toBe(code);
    const lines = child.stdout.trim().split('\n').map((line) => JSON.parse(line) as { line: number });
    expect(lines.map((line) => line.line)).toEqual([0, 1, 2, 3, 4]);
  });
});
