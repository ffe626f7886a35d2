import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { abortableDelay } from './abortable-delay.ts';
import { hedge } from './hedge.ts';

/** A leg that answers `value` (or fails with it) after `ms`, and records whether its signal was aborted. */
function leg(ms: number, value: string, fails = false) {
  const state = { started: false, aborted: false };
  const start = (signal: AbortSignal) => {
    state.started = true;
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => (fails ? reject(new Error(value)) : resolve(value)), ms);
      signal.addEventListener('abort', () => {
        state.aborted = true;
        clearTimeout(timer);
        reject(new Error('aborted'));
      });
    });
  };
  return { state, start };
}

function run(first: ReturnType<typeof leg>, second: ReturnType<typeof leg>, delayMs: number) {
  const discarded: string[] = [];
  const outcome = hedge<string>({
    start: (index, signal) => (index === 0 ? first.start(signal) : second.start(signal)),
    delayMs,
    delay: abortableDelay,
    discard: (value) => discarded.push(value),
    signal: new AbortController().signal,
  });
  return { outcome: finished(outcome), discarded };
}

/** Runs the fake clock until every timer fired (in the order of their times), then gives the outcome. */
async function finished<Value>(outcome: Promise<Value>): Promise<Value> {
  await vi.runAllTimersAsync();
  return outcome;
}

// Fake timers: the legs' times and the hedge delay fire in the order of their times, whatever the machine's load.
describe('hedge', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps the first leg alone when it answers within the delay', async () => {
    const first = leg(5, 'first');
    const second = leg(5, 'second');
    const { outcome } = run(first, second, 100);
    expect(await outcome).toMatchObject({ winner: 0, value: 'first', secondStarted: false });
    expect(second.state.started).toBe(false);
  });

  it('starts the second leg after the delay, takes the faster answer and aborts the other', async () => {
    const first = leg(400, 'first');
    const second = leg(5, 'second');
    const { outcome } = run(first, second, 20);
    expect(await outcome).toMatchObject({ winner: 1, value: 'second', secondStarted: true, cancelled: 0 });
    expect(first.state.aborted).toBe(true);
  });

  it('waits for the other leg when one fails, and reports both errors when both fail', async () => {
    const failing = leg(40, 'first failed', true);
    const slow = leg(80, 'second');
    expect(await run(failing, slow, 20).outcome).toMatchObject({ winner: 1, value: 'second', secondStarted: true });
    const both = await run(leg(40, 'one', true), leg(10, 'two', true), 20).outcome;
    expect(both.winner).toBe(-1);
    expect(both.errors.map((error) => (error as Error).message)).toEqual(['one', 'two']);
  });

  it('keeps the first leg when the second is refused at once (its circuit is open), with the refusal as its error', async () => {
    const refused = leg(0, 'circuit open', true);
    const outcome = await run(leg(60, 'first'), refused, 10).outcome;
    expect(outcome).toMatchObject({ winner: 0, value: 'first', secondStarted: true });
    expect(outcome.cancelled).toBeUndefined();
    expect((outcome.errors[1] as Error).message).toBe('circuit open');
  });
});
