import { reasoningSignature } from '../../src/sim/answer-planner.ts';

/**
 * Where a client can put data in a request besides its messages' text, per dialect: each placement is a function
 * from the planted value to the body fields that carry it. Every one of them reaches a provider on some path
 * (translated or pass-through), so the profile must see every one.
 */
export type Dialect = 'openai' | 'anthropic';
export type Placement = (value: string) => Record<string, unknown>;

export const openaiBase = (extra: Record<string, unknown>, stream: boolean) => ({
  model: 'chat',
  messages: [{ role: 'user', content: 'Summarise the attached notes.' }],
  ...(stream ? { stream: true } : {}),
  ...extra,
});
export const anthropicBase = (extra: Record<string, unknown>, stream: boolean) => ({
  model: 'claude',
  max_tokens: 32,
  messages: [{ role: 'user', content: 'Summarise the attached notes.' }],
  ...(stream ? { stream: true } : {}),
  ...extra,
});

const lookupTool = (description: string, properties: Record<string, unknown> = { q: { type: 'string' } }) => ({
  type: 'function',
  function: { name: 'lookup', description, parameters: { type: 'object', properties } },
});

/** Where an OpenAI client can put data besides its messages' text: each is sent to a provider on some path. */
export const openaiPlacements: Record<string, Placement> = {
  user: (value) => ({ user: value }),
  'an unknown top-level field': (value) => ({ x_trace: value }),
  'metadata, nested in an array': (value) => ({ metadata: { tags: ['a', { note: value }] } }),
  'an object key': (value) => ({ metadata: { [value]: 'x' } }),
  'a tool description': (value) => ({ tools: [lookupTool(value)] }),
  'a tool parameter description': (value) => ({ tools: [lookupTool('Looks things up.', { q: { type: 'string', description: value } })] }),
  'a tool parameter name': (value) => ({ tools: [lookupTool('Looks things up.', { [value]: { type: 'string' } })] }),
  stop: (value) => ({ stop: ['END', value] }),
  'a response format schema description': (value) => ({
    response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object', properties: { a: { type: 'string', description: value } } } } },
  }),
  'a message name': (value) => ({ messages: [{ role: 'user', name: value, content: 'Hello' }] }),
  'an image URL': (value) => ({
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Describe it.' }, { type: 'image_url', image_url: { url: `https://images.example/${encodeURI(value.split('\n')[0]!)}/a.png` } }] }],
  }),
  'an unknown key in a message': (value) => ({ messages: [{ role: 'user', content: 'Hello', x_note: value }] }),
  'an unknown key in a content part': (value) => ({ messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello', x_note: value }] }] }),
  'tool-call arguments (JSON in a string)': (value) => ({
    messages: [
      { role: 'user', content: 'Look it up.' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: JSON.stringify({ note: value }) } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'done' },
    ],
    tools: [lookupTool('Looks things up.')],
  }),
  'stream_options, beside include_usage': (value) => ({ stream: true, stream_options: { include_usage: false, x_note: value } }),
  'a key named __proto__': (value) => JSON.parse(`{"__proto__":{"note":${JSON.stringify(value)}}}`) as Record<string, unknown>,
};

/** The same for an Anthropic client. */
export const anthropicPlacements: Record<string, Placement> = {
  'metadata.user_id': (value) => ({ metadata: { user_id: value } }),
  'an unknown metadata key': (value) => ({ metadata: { user_id: 'u-1', x_note: value } }),
  'an unknown key in a system block': (value) => ({ system: [{ type: 'text', text: 'Be brief.', x_note: value }] }),
  'a tool description': (value) => ({ tools: [{ name: 'lookup', description: value, input_schema: { type: 'object', properties: {} } }] }),
  'a tool input schema': (value) => ({ tools: [{ name: 'lookup', input_schema: { type: 'object', properties: { q: { type: 'string', description: value } } } }] }),
  'tool_use.input, nested': (value) => ({
    tools: [{ name: 'lookup', input_schema: { type: 'object', properties: {} } }],
    messages: [
      { role: 'user', content: 'Look it up.' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { filter: { notes: [value] } } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'done' }] },
    ],
  }),
  stop_sequences: (value) => ({ stop_sequences: [value] }),
  'an unknown top-level field': (value) => ({ x_context: value }),
  // Signed as the simulated provider signs it: it refuses a thinking block whose signature does not match its text.
  'a thinking block': (value) => ({
    messages: [
      { role: 'user', content: 'Think.' },
      { role: 'assistant', content: [{ type: 'thinking', thinking: value, signature: reasoningSignature(value) }, { type: 'text', text: 'Done.' }] },
      { role: 'user', content: 'Go on.' },
    ],
  }),
  'an image URL': (value) => ({
    messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: `https://images.example/${encodeURI(value.split('\n')[0]!)}/photo.png` } }, { type: 'text', text: 'Describe.' }] }],
  }),
  'an unknown key in a message': (value) => ({ messages: [{ role: 'user', content: 'Hello', x_note: value }] }),
  'an object key in metadata': (value) => ({ metadata: { [value]: 1 } }),
};

