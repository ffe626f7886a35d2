import { GatewayError } from "../../core/errors/gateway-error.js";
import { toConnectionError } from "../shared/http-client.js";
/**
 * The concurrency limit and queue of one in-process model: at most `slots.length` generations run at once, at
 * most `maxQueue` requests wait (first come, first served), and a waiting request that is cancelled leaves the line.
 */
export function createGenerationSlots(slots, maxQueue, describe) {
    const free = [...slots];
    const queue = [];
    let onIdle = [];
    return {
        get busy() {
            return slots.length - free.length;
        },
        get waiting() {
            return queue.length;
        },
        acquire(signal) {
            if (signal?.aborted)
                return Promise.reject(toConnectionError(signal.reason, signal));
            const slot = free.pop();
            if (slot !== undefined)
                return Promise.resolve(slot);
            if (queue.length >= maxQueue) {
                return Promise.reject(new GatewayError('upstream_overloaded', { message: `${describe}: ${slots.length} generations running and ${queue.length} waiting (the queue is full).` }));
            }
            return new Promise((resolve, reject) => {
                const onAbort = () => {
                    const index = queue.indexOf(waiter);
                    if (index >= 0)
                        queue.splice(index, 1);
                    reject(toConnectionError(signal?.reason, signal));
                };
                const waiter = {
                    resolve: (value) => {
                        signal?.removeEventListener('abort', onAbort);
                        resolve(value);
                    },
                    reject,
                };
                queue.push(waiter);
                signal?.addEventListener('abort', onAbort, { once: true });
            });
        },
        release(slot) {
            const next = queue.shift();
            if (next)
                return next.resolve(slot);
            free.push(slot);
            if (free.length === slots.length) {
                const waiting = onIdle;
                onIdle = [];
                for (const resolve of waiting)
                    resolve();
            }
        },
        idle() {
            if (free.length === slots.length)
                return Promise.resolve();
            return new Promise((resolve) => onIdle.push(resolve));
        },
    };
}
//# sourceMappingURL=generation-slots.js.map