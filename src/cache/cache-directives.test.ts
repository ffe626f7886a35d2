import { describe, expect, it } from 'vitest';
import { readCacheDirectives } from './cache-directives.ts';

describe('readCacheDirectives', () => {
  it.each<[Record<string, string>, { read: boolean; write: boolean }]>([
    [{}, { read: true, write: true }],
    [{ 'x-sovereign-cache': 'no-store' }, { read: true, write: false }],
    [{ 'x-sovereign-cache': 'No-Cache' }, { read: false, write: true }],
    [{ 'x-sovereign-cache': 'no-cache, no-store' }, { read: false, write: false }],
    [{ 'cache-control': 'no-cache' }, { read: false, write: true }],
    [{ 'cache-control': 'max-age=0, no-store' }, { read: true, write: false }],
    [{ 'x-sovereign-cache': 'no-store', 'cache-control': 'no-cache' }, { read: false, write: false }],
    [{ 'cache-control': 'max-age=60' }, { read: true, write: true }],
  ])('%j', (headers, expected) => {
    expect(readCacheDirectives(new Headers(headers))).toEqual(expected);
  });
});
