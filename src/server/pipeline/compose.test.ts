import { describe, expect, it } from 'vitest';
import { compose, type Middleware } from './compose.ts';

describe('compose', () => {
  it('runs stages onion-style', async () => {
    const trace: string[] = [];
    const stage = (name: string): Middleware<unknown> =>
      async function traced(_context, next) {
        trace.push(`${name}>`);
        await next();
        trace.push(`<${name}`);
      };
    await compose([stage('a'), stage('b'), stage('c')])({});
    expect(trace).toEqual(['a>', 'b>', 'c>', '<c', '<b', '<a']);
  });

  it('refuses next() called twice', async () => {
    const twice: Middleware<unknown> = async (_context, next) => {
      await next();
      await next();
    };
    await expect(compose([twice, async () => {}])({})).rejects.toThrow(/more than once/);
  });

  it('turns a synchronous throw into a rejection', async () => {
    const throwing = (() => {
      throw new Error('boom');
    }) as unknown as Middleware<unknown>;
    await expect(compose([throwing])({})).rejects.toThrow('boom');
  });

  it('stops when a stage does not call next', async () => {
    const trace: string[] = [];
    await compose<unknown>([async () => void trace.push('first'), async () => void trace.push('second')])({});
    expect(trace).toEqual(['first']);
  });
});
