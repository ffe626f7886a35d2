import { describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit.ts';

/** A write that records each batch and how many writes overlapped. */
function recordingWrite(fail?: (items: readonly number[]) => boolean) {
  const batches: number[][] = [];
  let running = 0;
  let overlapped = 0;
  const write = async (items: readonly number[]): Promise<void> => {
    running += 1;
    if (running > 1) overlapped += 1;
    batches.push([...items]);
    await new Promise((resolve) => setImmediate(resolve));
    running -= 1;
    if (fail?.(items)) throw new Error('disk full');
  };
  return { batches, write, overlapped: () => overlapped };
}

describe('createGroupCommit', () => {
  it('writes the items of one turn in one call and resolves each once that call is done', async () => {
    const { batches, write } = recordingWrite();
    const commits = createGroupCommit('queue', write);
    const done = Array.from({ length: 5 }, (_, index) => commits.add(index));
    expect(commits.pending).toBe(5);
    expect(batches).toEqual([]);
    await Promise.all(done);
    expect(batches).toEqual([[0, 1, 2, 3, 4]]);
    expect(commits.pending).toBe(0);
  });

  it('splits at maxBatch, in order, with one write in flight at a time', async () => {
    const { batches, write, overlapped } = recordingWrite();
    const commits = createGroupCommit('queue', write, { maxBatch: 2 });
    await Promise.all(Array.from({ length: 5 }, (_, index) => commits.add(index)));
    expect(batches).toEqual([[0, 1], [2, 3], [4]]);
    expect(overlapped()).toBe(0);
  });

  it('with commitWhenFull, starts the write as soon as a batch is full, in the same turn', () => {
    const { batches, write } = recordingWrite();
    const commits = createGroupCommit('queue', write, { maxBatch: 3, commitWhenFull: true });
    for (let index = 0; index < 4; index++) void commits.add(index);
    expect(batches).toEqual([[0, 1, 2]]);
    expect(commits.pending).toBe(1);
    return commits.flush().then(() => expect(batches).toEqual([[0, 1, 2], [3]]));
  });

  it('a failed write rejects its own items only; the next batch is written', async () => {
    const { batches, write } = recordingWrite((items) => items.includes(1));
    const commits = createGroupCommit('queue', write, { maxBatch: 2 });
    const results = await Promise.allSettled([0, 1, 2].map((item) => commits.add(item)));
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect(batches).toEqual([[0, 1], [2]]);
  });

  it('close commits what is queued and refuses further items, naming the queue', async () => {
    const { batches, write } = recordingWrite();
    const commits = createGroupCommit('audit log', write);
    const queued = commits.add(7);
    await commits.close();
    await queued;
    expect(batches).toEqual([[7]]);
    await expect(commits.add(8)).rejects.toThrow('the audit log is closed');
  });
});
