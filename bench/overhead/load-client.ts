import { Pool, type Dispatcher } from 'undici';
import { checkChatAnswer } from './answer-check.ts';
import { chatModel } from './bench-models.ts';
import type { Target } from './target.ts';

/** When one exchange's milestones happened (`performance.now()` milliseconds) and whether its answer was correct. */
export interface ExchangeResult {
  /** The first byte of the response body (0 if none arrived). */
  firstByteAt: number;
  endAt: number;
  /** What was wrong; `undefined` when the answer was correct. */
  error?: string;
}

/** The request body every measured request sends (a short prompt, as most chat traffic is). */
export function chatBody(stream: boolean, model = chatModel): string {
  return JSON.stringify({
    model,
    messages: [
      { role: 'system', content: 'You are a helpful assistant.' },
      { role: 'user', content: 'Write one short sentence about the sea.' },
    ],
    max_tokens: 64,
    ...(stream ? { stream: true } : {}),
  });
}

/**
 * The load generator's HTTP client for one target: an undici keep-alive Pool driven through `dispatch` with a
 * bare handler (no stream objects, no promises per request), so the generator's own cost stays small and the
 * time of the first body byte is exact.
 * @see https://undici.nodejs.org/#/docs/api/Dispatcher?id=dispatcherdispatchoptions-handler
 */
export interface LoadClient {
  /** Sends one chat request; `done` is called exactly once. */
  send(stream: boolean, done: (result: ExchangeResult) => void): void;
  /** Fails every request still in flight and closes the connections. */
  destroy(): Promise<void>;
  close(): Promise<void>;
}

export function createLoadClient(target: Target, options: { connections: number; model?: string }): LoadClient {
  const pool = new Pool(target.origin, { connections: options.connections, pipelining: 1, keepAliveTimeout: 30_000, headersTimeout: 120_000, bodyTimeout: 120_000 });
  const headers = { ...target.headers, 'content-type': 'application/json' };
  const bodies = { plain: chatBody(false, options.model), stream: chatBody(true, options.model) };
  return {
    send(stream, done) {
      const handler = new ExchangeHandler(stream, done);
      pool.dispatch({ origin: target.origin, method: 'POST', path: target.path, headers, body: stream ? bodies.stream : bodies.plain }, handler);
    },
    destroy: () => pool.destroy(),
    close: () => pool.close(),
  };
}

class ExchangeHandler implements Dispatcher.DispatchHandler {
  private status = 0;
  private firstByteAt = 0;
  private readonly chunks: Buffer[] = [];
  private finished = false;

  constructor(
    private readonly stream: boolean,
    private readonly done: (result: ExchangeResult) => void,
  ) {}

  /** Present so undici treats this as a new-style handler (it checks for this method). */
  onRequestStart(): void {}

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.status = statusCode;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.firstByteAt === 0) this.firstByteAt = performance.now();
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    const endAt = performance.now();
    if (this.finished) return;
    this.finished = true;
    const error = checkChatAnswer(this.status, Buffer.concat(this.chunks).toString('utf8'), this.stream);
    this.done(error === undefined ? { firstByteAt: this.firstByteAt, endAt } : { firstByteAt: this.firstByteAt, endAt, error });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.finished) return;
    this.finished = true;
    this.done({ firstByteAt: this.firstByteAt, endAt: performance.now(), error: `${(error as { code?: string }).code ?? error.name}: ${error.message}` });
  }
}
