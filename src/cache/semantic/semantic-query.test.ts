import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/canonical/request.ts';
import { chatRequest } from '../cache-test-support.ts';
import type { CacheScope } from '../exact-cache-key.ts';
import { semanticQuery } from './semantic-query.ts';

const scope: CacheScope = { tenant: 'acme', boundary: ['eu-1'] };
const scopeOf = (request: ChatRequest, of: CacheScope = scope) => semanticQuery(request, of, 2_000)?.scopeKey;

describe('semanticQuery', () => {
  it('puts questions asked in the same context in the same scope, whatever the wording', () => {
    expect(semanticQuery(chatRequest('How do I reset my password?'), scope, 2_000)?.text).toBe('How do I reset my password?');
    expect(scopeOf(chatRequest('How do I reset my password?'))).toBe(scopeOf(chatRequest('how can I reset my password')));
    expect(scopeOf(chatRequest('q', { user: 'a', stream: true }))).toBe(scopeOf(chatRequest('q')));
  });

  it.each<[string, ChatRequest, CacheScope]>([
    ['another system prompt', { ...chatRequest('q'), messages: [{ role: 'system', content: [{ type: 'text', text: 'You are verbose.' }] }, { role: 'user', content: [{ type: 'text', text: 'q' }] }] }, scope],
    ['an earlier turn', { ...chatRequest('q'), messages: [...chatRequest('earlier').messages, { role: 'assistant', content: [{ type: 'text', text: 'ok' }] }, { role: 'user', content: [{ type: 'text', text: 'q' }] }] }, scope],
    ['another model', chatRequest('q', { model: 'other' }), scope],
    ['another temperature', chatRequest('q', { temperature: 0.2 }), scope],
    ['another tenant', chatRequest('q'), { tenant: 'globex', boundary: ['eu-1'] }],
    ['another boundary', chatRequest('q'), { tenant: 'acme', boundary: ['eu-1', 'us-1'] }],
  ])('gives %s another scope', (_name, request, otherScope) => {
    expect(scopeOf(request, otherScope)).not.toBe(scopeOf(chatRequest('q')));
  });

  it.each<[string, ChatRequest]>([
    ['an image in the last message', { ...chatRequest('q'), messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this' }, { type: 'image', url: 'https://example.com/a.png' }] }] }],
    ['an assistant message last', { ...chatRequest('q'), messages: [...chatRequest('q').messages, { role: 'assistant', content: [{ type: 'text', text: 'prefill' }] }] }],
    ['an empty question', chatRequest('   ')],
    ['a question over the length limit', chatRequest('x'.repeat(2_001))],
  ])('refuses a request with %s', (_name, request) => {
    expect(semanticQuery(request, scope, 2_000)).toBeUndefined();
  });
});
