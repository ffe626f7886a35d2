import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../core/canonical/request.ts';
import type { ProviderAdapterV1 } from '../../../core/provider/adapter.ts';
import { collect } from './collect.ts';
import { replyLate, stallAfter } from './fixture-replies.ts';
import { startFixtureServer, type FixtureServer } from './fixture-server.ts';
import { rejection } from './rejection.ts';

/** One adapter, as the call-deadline tests need it. */
export interface CallDeadlineCase {
  /** The adapter under test, pointed at the fixture server's origin, with `timeoutMs` set. */
  create(origin: string, timeoutMs: number): ProviderAdapterV1;
  request: ChatRequest;
  /** The first bytes of a non-streamed answer, after which the server stalls. */
  stalledAnswer: string;
  /** A whole streamed answer (ending with what the parser turns into `finish`) and its content type. */
  streamedAnswer: { body: string; contentType: string };
}

/**
 * Registers the tests of the adapter setting `timeoutMs`, which every adapter must honour the same way: it bounds
 * a non-streaming call as a whole (a body that stalls after the headers is `upstream_timeout`), and a streaming
 * call only until the response headers (a slow stream runs to its end).
 */
export function describeCallDeadline(testCase: CallDeadlineCase): void {
  describe('timeoutMs (call deadline)', () => {
    let server: FixtureServer;
    beforeAll(async () => {
      server = await startFixtureServer();
    });
    afterAll(() => server.close());

    it('times out a non-streaming call whose body stalls after the headers (whole-call deadline)', async () => {
      const adapter = testCase.create(server.origin, 150);
      server.handle(stallAfter(testCase.stalledAnswer));
      const started = Date.now();
      const error = await rejection(adapter.doGenerate({ ...testCase.request, stream: false }, {}));
      await adapter.close?.();
      expect(error.code).toBe('upstream_timeout');
      expect(error.retryable).toBe(true);
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it('lets a stream run past the deadline once the headers arrived (deadline until headers)', async () => {
      // The headers leave at once and the body well after the deadline; the deadline is generous so that a loaded
      // machine's event-loop lag cannot delay the headers past it.
      const adapter = testCase.create(server.origin, 500);
      server.handle(replyLate(1_200, testCase.streamedAnswer.body, testCase.streamedAnswer.contentType));
      const parts = await collect((await adapter.doStream({ ...testCase.request, stream: true }, {})).stream);
      await adapter.close?.();
      expect(parts.at(-1)?.type).toBe('finish');
    });
  });
}
