/**
 * Plausible values for a JSON Schema: what the simulator puts in tool-call arguments and structured answers.
 * Objects get their `required` properties (all of them when `fillOptional` is set); every other type gets a
 * fixed value chosen from the property name (a path or file property: the path the prompt mentions, `hints`),
 * `enum`, `const`, `format` and bounds. Gemini's upper-case OpenAPI
 * types (`STRING`, `OBJECT`) are read too.
 * @see https://json-schema.org/understanding-json-schema/reference
 * @see https://ai.google.dev/api/caching#Schema
 */
/** Values taken from the prompt: a file path it mentions, for string properties that name a path or file. */
export interface SchemaHints {
  path?: string | undefined;
}

export function valueForSchema(schema: unknown, name = '', fillOptional = false, depth = 0, hints: SchemaHints = {}): unknown {
  if (!isRecord(schema) || depth > 8) return null;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options)) {
      const first = options.find((option) => !(isRecord(option) && option.type === 'null'));
      if (first !== undefined) return valueForSchema(first, name, fillOptional, depth + 1, hints);
    }
  }
  switch (schemaType(schema)) {
    case 'object':
      return objectValue(schema, fillOptional, depth, hints);
    case 'array': {
      const count = Math.max(1, typeof schema.minItems === 'number' ? schema.minItems : 1);
      return Array.from({ length: count }, () => valueForSchema(schema.items, singular(name), fillOptional, depth + 1, hints));
    }
    case 'integer':
      return numberValue(schema, name, true);
    case 'number':
      return numberValue(schema, name, false);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return stringValue(schema, name, hints);
  }
}

function objectValue(schema: Record<string, unknown>, fillOptional: boolean, depth: number, hints: SchemaHints): Record<string, unknown> {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required.filter((key) => typeof key === 'string') : [];
  const keys = fillOptional ? Object.keys(properties) : required;
  const value: Record<string, unknown> = {};
  for (const key of keys) value[key] = valueForSchema(properties[key] ?? { type: 'string' }, key, fillOptional, depth + 1, hints);
  return value;
}

function schemaType(schema: Record<string, unknown>): string | undefined {
  const type = Array.isArray(schema.type) ? schema.type.find((entry) => entry !== 'null') : schema.type;
  if (typeof type === 'string') return type.toLowerCase();
  if (isRecord(schema.properties)) return 'object';
  if (schema.items !== undefined) return 'array';
  return undefined;
}

function numberValue(schema: Record<string, unknown>, name: string, integer: boolean): number {
  const lower = name.toLowerCase();
  let value = /count|limit|quantity|number|days|size|top|max/.test(lower) ? 3 : /year/.test(lower) ? 2025 : integer ? 42 : 21.5;
  if (typeof schema.minimum === 'number' && value < schema.minimum) value = schema.minimum;
  if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) value = schema.exclusiveMinimum + 1;
  if (typeof schema.maximum === 'number' && value > schema.maximum) value = schema.maximum;
  if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) value = schema.exclusiveMaximum - 1;
  return integer ? Math.round(value) : value;
}

const stringByFormat: Record<string, string> = {
  date: '2025-06-01',
  'date-time': '2025-06-01T12:00:00Z',
  time: '12:00:00',
  email: 'alex@example.com',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  uuid: '00000000-0000-4000-8000-000000000000',
  ipv4: '192.0.2.1',
};

const stringByName: Array<[RegExp, string]> = [
  [/city|location|place|address/, 'Paris'],
  [/country/, 'FR'],
  [/unit/, 'celsius'],
  [/email/, 'alex@example.com'],
  [/url|link|href/, 'https://example.com/'],
  [/date/, '2025-06-01'],
  [/time/, '12:00'],
  [/lang/, 'en'],
  [/currency/, 'EUR'],
  [/name/, 'Alex'],
  [/^id$|_id$|Id$/, 'item-1'],
  [/query|search|question|prompt|text|message|content/, 'weather in Paris'],
];

function stringValue(schema: Record<string, unknown>, name: string, hints: SchemaHints): string {
  if (typeof schema.format === 'string' && stringByFormat[schema.format]) return stringByFormat[schema.format] as string;
  const lower = name.toLowerCase();
  let value = (hints.path !== undefined && /path|file/.test(lower) ? hints.path : undefined) ?? stringByName.find(([pattern]) => pattern.test(lower))?.[1] ?? 'example';
  if (typeof schema.minLength === 'number' && value.length < schema.minLength) value = value.padEnd(schema.minLength, 'x');
  if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) value = value.slice(0, schema.maxLength);
  return value;
}

function singular(name: string): string {
  return name.endsWith('s') ? name.slice(0, -1) : name;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
