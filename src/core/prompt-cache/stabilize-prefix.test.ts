import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../canonical/request.ts';
import { stabilizePrefix } from './stabilize-prefix.ts';

const base: ChatRequest = {
  model: 'gpt-4o',
  stream: false,
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  tools: [
    { name: 'search', inputSchema: { type: 'object', properties: { b: { type: 'string' }, a: { type: 'number' } } } },
    { name: 'book', inputSchema: { properties: {}, type: 'object' } },
  ],
};

describe('stabilizePrefix', () => {
  it('orders tools by name, so every order a client sends gives one prefix', () => {
    const reversed: ChatRequest = { ...base, tools: [...(base.tools ?? [])].reverse() };
    expect(JSON.stringify(stabilizePrefix(base).tools)).toBe(JSON.stringify(stabilizePrefix(reversed).tools));
    expect(stabilizePrefix(base).tools?.map((tool) => tool.name)).toEqual(['book', 'search']);
    expect(base.tools?.[0]?.name).toBe('search');
  });

  it('returns the same request when it is already stable', () => {
    const stable = stabilizePrefix(base);
    expect(stabilizePrefix(stable)).toBe(stable);
    const noTools: ChatRequest = { ...base, tools: undefined };
    expect(stabilizePrefix(noTools)).toBe(noTools);
  });

  it('orders schema keys only when asked', () => {
    expect(Object.keys(stabilizePrefix(base).tools?.[1]?.inputSchema.properties as object)).toEqual(['b', 'a']);
    const sorted = stabilizePrefix(base, { sortSchemaKeys: true });
    expect(JSON.stringify(sorted.tools?.[1]?.inputSchema)).toBe('{"properties":{"a":{"type":"number"},"b":{"type":"string"}},"type":"object"}');
  });
});
