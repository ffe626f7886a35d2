import { describe, expect, it } from 'vitest';
import { FaultInjector } from './fault-injector.ts';

describe('FaultInjector', () => {
  it('hands out matching faults oldest first, with defaults filled in', () => {
    const faults = new FaultInjector();
    faults.inject({ kind: 'timeout', model: 'a' });
    faults.inject({ kind: 'stream-cut', dialect: 'gemini' });
    expect(faults.take('openai', 'b')).toBeUndefined();
    expect(faults.take('gemini', 'b')).toEqual({ kind: 'stream-cut', dialect: 'gemini', retryAfterSeconds: 1, afterChunks: 2 });
    expect(faults.take('gemini', 'a')?.kind).toBe('timeout');
  });

  it('uses a fault up after `times` requests and keeps one without `times` until cleared', () => {
    const faults = new FaultInjector();
    faults.inject({ kind: 'rate-limit', times: 2, retryAfterSeconds: 9 });
    expect(faults.take('openai', 'm')?.retryAfterSeconds).toBe(9);
    expect(faults.list()).toHaveLength(1);
    faults.take('openai', 'm');
    expect(faults.take('openai', 'm')).toBeUndefined();
    faults.inject({ kind: 'server-error' });
    for (let index = 0; index < 5; index++) expect(faults.take('ollama', 'm')?.kind).toBe('server-error');
    faults.clear();
    expect(faults.take('ollama', 'm')).toBeUndefined();
  });
});
