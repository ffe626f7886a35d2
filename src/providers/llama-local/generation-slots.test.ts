import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import { createGenerationSlots } from './generation-slots.ts';

describe('createGenerationSlots', () => {
  it('hands out every slot, then queues in arrival order', async () => {
    const slots = createGenerationSlots(['a', 'b'], 4, 'test');
    const first = await slots.acquire(undefined);
    const second = await slots.acquire(undefined);
    expect(new Set([first, second])).toEqual(new Set(['a', 'b']));
    const order: string[] = [];
    const third = slots.acquire(undefined).then((slot) => order.push(`third:${slot}`));
    const fourth = slots.acquire(undefined).then((slot) => order.push(`fourth:${slot}`));
    expect(slots.waiting).toBe(2);
    slots.release(second);
    slots.release(first);
    await Promise.all([third, fourth]);
    expect(order).toEqual([`third:${second}`, `fourth:${first}`]);
    expect(slots.busy).toBe(2);
  });

  it('refuses as overloaded when the queue is full', async () => {
    const slots = createGenerationSlots(['only'], 1, 'Provider p, model m');
    await slots.acquire(undefined);
    const waiting = slots.acquire(undefined);
    const refused = await slots.acquire(undefined).catch((error: unknown) => error);
    expect(GatewayError.isInstance(refused) && refused.code).toBe('upstream_overloaded');
    expect((refused as Error).message).toContain('Provider p, model m: 1 generations running and 1 waiting');
    slots.release('only');
    await expect(waiting).resolves.toBe('only');
  });

  it('a cancelled waiter leaves the line and never takes a slot', async () => {
    const slots = createGenerationSlots(['only'], 4, 'test');
    await slots.acquire(undefined);
    const controller = new AbortController();
    const cancelled = slots.acquire(controller.signal);
    const next = slots.acquire(undefined);
    controller.abort(new GatewayError('upstream_timeout', { message: 'deadline' }));
    await expect(cancelled).rejects.toMatchObject({ code: 'upstream_timeout', message: 'deadline' });
    expect(slots.waiting).toBe(1);
    slots.release('only');
    await expect(next).resolves.toBe('only');
  });

  it('an already aborted signal is refused at once', async () => {
    const slots = createGenerationSlots(['only'], 4, 'test');
    const controller = new AbortController();
    controller.abort();
    await expect(slots.acquire(controller.signal)).rejects.toMatchObject({ code: 'upstream_timeout' });
    expect(slots.busy).toBe(0);
  });
});
