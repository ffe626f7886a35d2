import { NdjsonDecoder } from "../core/wire/ndjson-decoder.js";
import { SseDecoder } from "../core/wire/sse-decoder.js";
/**
 * Small clients for tests that talk to the simulator (or the gateway) with plain `fetch`: post JSON, read a
 * body as Server-Sent Events or NDJSON with the project's decoders.
 */
export function postJson(url, body, headers = {}, signal) {
    const init = { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
    if (signal)
        init.signal = signal;
    return fetch(url, init);
}
/** Reads a whole streamed body as text chunks, in the order they arrived. */
export async function readChunks(response) {
    const chunks = [];
    const decoder = new TextDecoder();
    const reader = response.body?.getReader();
    if (!reader)
        return chunks;
    for (;;) {
        const { done, value } = await reader.read();
        if (done)
            break;
        chunks.push(decoder.decode(value, { stream: true }));
    }
    return chunks;
}
export async function readSseEvents(response) {
    const decoder = new SseDecoder();
    const events = (await readChunks(response)).flatMap((chunk) => decoder.push(chunk));
    return [...events, ...decoder.end()];
}
export async function readNdjsonLines(response) {
    const decoder = new NdjsonDecoder();
    const lines = (await readChunks(response)).flatMap((chunk) => decoder.push(chunk));
    return [...lines, ...decoder.end()];
}
/**
 * A {@link SimulatorClock} that stands still at `now` and either lets every wait pass at once (`passing`) or holds
 * it until the client goes away (`holding`), so pacing and cancellation are tested without the wall clock.
 */
export function createManualClock(mode, now = 1_800_000_000_000) {
    const waits = [];
    let released = 0;
    return {
        waits,
        get released() {
            return released;
        },
        now: () => now,
        wait(milliseconds, signal) {
            waits.push(milliseconds);
            if (mode === 'passing' || signal.aborted)
                return Promise.resolve(!signal.aborted);
            return new Promise((resolve) => signal.addEventListener('abort', () => {
                released++;
                resolve(false);
            }, { once: true }));
        },
    };
}
//# sourceMappingURL=test-support.js.map