import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveWorkerCount, superviseWorkers } from './supervise-workers.ts';

const fixture = fileURLToPath(new URL('../../test/fixtures/cluster-worker.mjs', import.meta.url));

function supervise(mode: string, count: number): { done: Promise<number>; lines: string[] } {
  process.env.FIXTURE_WORKER = mode;
  cluster.setupPrimary({ exec: fixture, execArgv: [], args: [], silent: true });
  const lines: string[] = [];
  const done = superviseWorkers({ count, shutdownGraceMs: 5_000, log: (line) => lines.push(line), maxCrashes: 3, crashWindowMs: 60_000, restartDelayMs: 10, maxRestartDelayMs: 40 });
  return { done, lines };
}

afterEach(() => {
  delete process.env.FIXTURE_WORKER;
});

describe('resolveWorkerCount', () => {
  it('reads a whole number from 1 to 512, or auto (one per core); refuses anything else', () => {
    expect(resolveWorkerCount('3')).toBe(3);
    expect(resolveWorkerCount(2)).toBe(2);
    expect(resolveWorkerCount('auto')).toBe(availableParallelism());
    for (const bad of ['0', '-1', '1.5', 'two', '', '513', ' ', '1e2', 0, 513, 1.5]) expect(resolveWorkerCount(bad)).toBeUndefined();
  });
});

describe('superviseWorkers', () => {
  it('gives up with exit code 1 when workers keep exiting, after restarting them with a growing delay', async () => {
    const { done, lines } = supervise('crash', 2);
    expect(await done).toBe(1);
    expect(lines.filter((line) => /worker \d \(pid \d+\) exited with code 3; restarting it in \d+ ms/.test(line)).length).toBe(3);
    expect(lines.find((line) => line.includes('restarting it in 10 ms'))).toBeDefined();
    expect(lines.find((line) => line.includes('restarting it in 40 ms'))).toBeDefined();
    expect(lines.at(-1)).toMatch(/workers keep exiting \(4 exits within 60 s; the last: worker \d exited with code 3\); stopping/);
  }, 60_000);

  it('resolves the exit code of a first worker that cannot start, without restarting it', async () => {
    const { done, lines } = supervise('fail-start', 3);
    expect(await done).toBe(78);
    expect(lines).toEqual([expect.stringMatching(/worker 1 \(pid \d+\) exited with code 78 before it listened; not restarting/)]);
  }, 60_000);

  it('starts every worker, and on SIGTERM stops them all and resolves 0', async () => {
    const { done, lines } = supervise('serve', 2);
    const deadline = Date.now() + 30_000;
    while (!lines.some((line) => line.startsWith('All 2 workers listening')) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(lines.find((line) => line.startsWith('All 2 workers listening'))).toMatch(/workers 1: pid \d+, 2: pid \d+\)$/);
    process.emit('SIGTERM', 'SIGTERM');
    expect(await done).toBe(0);
    expect(Object.keys(cluster.workers ?? {})).toEqual([]);
  }, 60_000);
});
