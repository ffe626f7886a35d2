import type { Exchange } from './exchange.ts';
import type { ActiveFault } from './fault-injector.ts';

/**
 * One piece of a streamed body, already framed (`event:`/`data:` lines, an NDJSON line, a JSON array element).
 * `content` frames carry model output and are paced; `terminal` frames are everything after the last content
 * (finish reason, usage, `[DONE]`, `message_stop`, Ollama's `done` line), which a stream cut never sends.
 */
export interface StreamFrame {
  text: string;
  kind: 'preamble' | 'content' | 'terminal';
}

export interface StreamPlan {
  contentType: string;
  frames: StreamFrame[];
  /** A frame whose payload is not valid JSON, for the `malformed-chunk` fault. */
  malformed: string;
}

/**
 * Writes a streamed response: the headers and the frames up to the first content at once, then one content
 * frame every `intervalMs`. A `stream-cut` fault ends the body after `afterChunks` content frames without the
 * terminator; `malformed-chunk` first writes a frame that is not JSON. Stops as soon as the client goes away.
 */
export async function sendStream(
  exchange: Exchange,
  plan: StreamPlan,
  headers: Record<string, string>,
  intervalMs: number,
  fault: ActiveFault | undefined,
): Promise<void> {
  if (exchange.closed) return;
  exchange.response.writeHead(200, { 'content-type': plan.contentType, 'cache-control': 'no-cache', ...headers });
  exchange.response.flushHeaders();
  let contentSent = 0;
  for (const frame of plan.frames) {
    if (exchange.closed) return;
    const streamFault = fault && (fault.kind === 'stream-cut' || fault.kind === 'malformed-chunk') ? fault : undefined;
    if (streamFault && (frame.kind === 'terminal' || (frame.kind === 'content' && contentSent >= streamFault.afterChunks))) {
      if (streamFault.kind === 'malformed-chunk') exchange.response.write(plan.malformed);
      exchange.markFault(streamFault.kind);
      exchange.response.end();
      return;
    }
    if (frame.kind === 'content' && contentSent > 0 && intervalMs > 0 && !(await exchange.wait(intervalMs))) return;
    exchange.response.write(frame.text);
    if (frame.kind === 'content') contentSent++;
  }
  exchange.response.end();
}
