import { describe, expect, it } from 'vitest';
import { anthropicApiPath, anthropicApiRoot } from './anthropic-base-url.ts';

describe('anthropicApiRoot', () => {
  it.each([
    ['https://api.anthropic.com', 'https://api.anthropic.com'],
    ['https://api.anthropic.com/', 'https://api.anthropic.com'],
    ['https://api.anthropic.com/v1', 'https://api.anthropic.com'],
    ['https://api.anthropic.com/v1/', 'https://api.anthropic.com'],
    ['http://127.0.0.1:8080/proxy/anthropic', 'http://127.0.0.1:8080/proxy/anthropic'],
    ['http://127.0.0.1:8080/proxy/anthropic/v1', 'http://127.0.0.1:8080/proxy/anthropic'],
    ['http://127.0.0.1:8080/v1x', 'http://127.0.0.1:8080/v1x'],
  ])('%s -> %s', (baseUrl, root) => {
    expect(anthropicApiRoot(baseUrl)).toBe(root);
  });
});

describe('anthropicApiPath', () => {
  it.each([
    ['/messages', '/v1/messages'],
    ['messages', '/v1/messages'],
    ['/v1/messages', '/v1/messages'],
    ['/v1/messages/count_tokens', '/v1/messages/count_tokens'],
  ])('%s -> %s', (path, expected) => {
    expect(anthropicApiPath(path)).toBe(expected);
  });
});
