import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { HttpClient, HttpRequest } from './http-client.ts';
import { postJson } from './post-json.ts';

function recordingClient(): HttpClient & { sent: HttpRequest[] } {
  const sent: HttpRequest[] = [];
  return {
    sent,
    request(request) {
      sent.push(request);
      return Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    },
    close: () => Promise.resolve(),
  };
}

describe('postJson', () => {
  it('answers a body that cannot be serialised as the request\'s fault, before any byte is sent', async () => {
    let deep: unknown = 1;
    for (let level = 0; level < 100_000; level++) deep = [deep];
    const http = recordingClient();
    const error = await postJson(http, { path: '/x', headers: {}, body: { deep } }).catch((caught: unknown) => caught);
    expect(GatewayError.isInstance(error) && error.code).toBe('invalid_request');
    expect((error as GatewayError).retryable).toBe(false);
    expect(http.sent).toEqual([]);
  });

  it('still reports a connection failure as the provider\'s', async () => {
    const http = recordingClient();
    const error = await postJson(http, { path: '/x', headers: {}, body: { a: 1 } }).catch((caught: unknown) => caught);
    expect(GatewayError.isInstance(error) && error.code).toBe('upstream_connection');
    expect(http.sent.map((request) => request.body)).toEqual(['{"a":1}']);
  });
});
