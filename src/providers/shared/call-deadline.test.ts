import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import { callDeadline, withCallDeadline } from './call-deadline.ts';

const aborted = (signal: AbortSignal) => new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));

describe('callDeadline', () => {
  it.each([undefined, 0, -1])('returns the caller signal unchanged without a positive timeout (%s)', (timeoutMs) => {
    const caller = new AbortController().signal;
    expect(callDeadline(caller, timeoutMs, 'p').signal).toBe(caller);
    expect(callDeadline(undefined, timeoutMs, 'p').signal).toBeUndefined();
  });

  it('aborts with a retryable upstream_timeout naming the provider when the deadline passes', async () => {
    const deadline = callDeadline(undefined, 20, 'slow-provider');
    await aborted(deadline.signal!);
    const reason: unknown = deadline.signal!.reason;
    expect(GatewayError.isInstance(reason)).toBe(true);
    expect(reason).toMatchObject({ code: 'upstream_timeout', retryable: true });
    expect((reason as GatewayError).message).toBe('Provider slow-provider did not answer within 20 ms.');
  });

  it("keeps the caller's own abort reason", () => {
    const caller = new AbortController();
    const deadline = callDeadline(caller.signal, 10_000, 'p');
    caller.abort('client gone');
    expect(deadline.signal?.aborted).toBe(true);
    expect(deadline.signal?.reason).toBe('client gone');
    deadline.clear();
  });

  it('stops the timer on clear, and the caller signal still aborts afterwards', async () => {
    const caller = new AbortController();
    const deadline = callDeadline(caller.signal, 20, 'p');
    deadline.clear();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(deadline.signal?.aborted).toBe(false);
    caller.abort();
    expect(deadline.signal?.aborted).toBe(true);
  });
});

describe('withCallDeadline', () => {
  it('gives the work the joined signal and clears the timer when the work settles', async () => {
    let seen: AbortSignal | undefined;
    const value = await withCallDeadline(undefined, 20, 'p', async (signal) => {
      seen = signal;
      return 42;
    });
    expect(value).toBe(42);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(seen?.aborted).toBe(false);
  });

  it('aborts work that outlasts the deadline', async () => {
    const error = await withCallDeadline(undefined, 20, 'p', async (signal) => {
      await aborted(signal!);
      throw signal!.reason;
    }).catch((reason: unknown) => reason);
    expect(error).toMatchObject({ code: 'upstream_timeout' });
  });
});
