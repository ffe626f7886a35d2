import { describe, expect, it } from 'vitest';
import { valueForSchema } from './schema-values.ts';

describe('valueForSchema', () => {
  it.each([
    ['required properties only', { type: 'object', properties: { city: { type: 'string' }, note: { type: 'string' } }, required: ['city'] }, { city: 'Paris' }],
    ['enum and const', { type: 'object', properties: { unit: { enum: ['kelvin', 'celsius'] }, kind: { const: 'x' } }, required: ['unit', 'kind'] }, { unit: 'kelvin', kind: 'x' }],
    ['numbers within bounds', { type: 'object', properties: { count: { type: 'integer', maximum: 2 }, ratio: { type: 'number', minimum: 50 } }, required: ['count', 'ratio'] }, { count: 2, ratio: 50 }],
    ['arrays and nested objects', { type: 'object', properties: { items: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } } }, required: ['items'] }, { items: [{ id: 'item-1' }] }],
    ['formats', { type: 'object', properties: { when: { type: 'string', format: 'date-time' }, contact: { type: 'string', format: 'email' } }, required: ['when', 'contact'] }, { when: '2025-06-01T12:00:00Z', contact: 'alex@example.com' }],
    ['Gemini upper-case types', { type: 'OBJECT', properties: { flag: { type: 'BOOLEAN' }, city: { type: 'STRING' } }, required: ['flag', 'city'] }, { flag: true, city: 'Paris' }],
    ['nullable type arrays and anyOf', { type: 'object', properties: { a: { type: ['null', 'integer'] }, b: { anyOf: [{ type: 'null' }, { type: 'boolean' }] } }, required: ['a', 'b'] }, { a: 42, b: true }],
  ])('fills %s', (_name, schema, expected) => {
    expect(valueForSchema(schema)).toEqual(expected);
  });

  it('fills every property when asked (structured answers)', () => {
    expect(valueForSchema({ type: 'object', properties: { title: { type: 'string' }, score: { type: 'number' } } }, '', true)).toEqual({ title: 'example', score: 21.5 });
  });

  it('stops on self-referencing depth instead of recursing forever', () => {
    const schema: Record<string, unknown> = { type: 'object', required: ['child'], properties: {} };
    (schema.properties as Record<string, unknown>).child = schema;
    expect(() => valueForSchema(schema)).not.toThrow();
  });
});
