import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestRecorder } from './request-recorder.ts';
import type { SimulatorClock } from './simulator-clock.ts';

/**
 * One request and its response while the simulator answers it. It turns the response's lifecycle into
 * simulator events: `completed` when the response was written in full without a fault, `client-closed` when
 * the connection closed first and not by the simulator's doing. Its `wait` is cut short when the client leaves,
 * so a paced stream stops writing at once.
 */
export class Exchange {
  private readonly controller = new AbortController();
  private faulted = false;
  private closedByServer = false;

  constructor(
    readonly id: number,
    readonly request: IncomingMessage,
    readonly response: ServerResponse,
    private readonly recorder: RequestRecorder,
    private readonly clock: SimulatorClock,
  ) {
    response.on('finish', () => {
      if (!this.faulted) recorder.emit('completed', id, String(response.statusCode));
    });
    response.on('close', () => {
      if (!response.writableFinished && !this.closedByServer) recorder.emit('client-closed', id);
      this.controller.abort();
    });
  }

  /** True once the connection closed (by the client, a fault or the simulator closing). */
  get closed(): boolean {
    return this.controller.signal.aborted;
  }

  /** Records that a fault took effect; the exchange will not count as completed. */
  markFault(kind: string): void {
    this.faulted = true;
    this.recorder.emit('fault', this.id, kind);
  }

  /** Waits `milliseconds` on the simulator's clock; resolves `false` early when the connection closes. */
  wait(milliseconds: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (milliseconds <= 0) return Promise.resolve(true);
    return this.clock.wait(milliseconds, this.controller.signal);
  }

  /** The simulator's time (ms since the epoch). */
  now(): number {
    return this.clock.now();
  }

  sendJson(status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (this.closed) return;
    const text = JSON.stringify(body);
    this.response.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
    this.response.end(text);
  }

  /** Closes the connection abruptly (TCP reset where the platform allows) without any response. */
  resetConnection(): void {
    this.closedByServer = true;
    const socket = this.request.socket;
    if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
    else socket.destroy();
  }

  /** Used when the simulator closes: the connection goes away without a `client-closed` event. */
  destroyByServer(): void {
    this.closedByServer = true;
    this.request.socket.destroy();
  }
}
