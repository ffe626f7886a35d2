import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GatewayError } from '../../../core/errors/gateway-error.ts';
import { parseOpenAIEmbeddingRequest } from './parse-openai-embedding-request.ts';

describe('parseOpenAIEmbeddingRequest', () => {
  it.each([
    [{ model: 'e', input: 'one' }, { model: 'e', input: ['one'], encodingFormat: 'float' }],
    [
      { model: 'e', input: ['a', 'b'], dimensions: 256, encoding_format: 'base64', user: 'u' },
      { model: 'e', input: ['a', 'b'], dimensions: 256, encodingFormat: 'base64', user: 'u' },
    ],
    [{ model: 'e', input: 'x', dimensions: null, encoding_format: null }, { model: 'e', input: ['x'], encodingFormat: 'float' }],
  ])('parses %j', (body, expected) => {
    expect(parseOpenAIEmbeddingRequest(body)).toEqual(expected);
  });

  it.each<[string, unknown, string | undefined, RegExp]>([
    ['a non-object body', 'text', undefined, /JSON object/],
    ['a missing model', { input: 'x' }, 'model', /Missing required parameter/],
    ['a missing input', { model: 'e' }, 'input', /Missing required parameter/],
    ['an empty input array', { model: 'e', input: [] }, 'input', /at least 1 item/],
    ['a token array', { model: 'e', input: [1, 2, 3] }, 'input', /token arrays are not supported/],
    ['token arrays', { model: 'e', input: [[1, 2]] }, 'input', /token arrays are not supported/],
    ['an object in input', { model: 'e', input: ['a', {}] }, 'input[1]', /expected a string/],
    ['an unknown encoding', { model: 'e', input: 'x', encoding_format: 'int8' }, 'encoding_format', /'float', 'base64'/],
    ['zero dimensions', { model: 'e', input: 'x', dimensions: 0 }, 'dimensions', /minimum of 1/],
  ])('refuses %s', (_name, body, param, message) => {
    let caught: unknown;
    try {
      parseOpenAIEmbeddingRequest(body);
    } catch (error) {
      caught = error;
    }
    expect(GatewayError.isInstance(caught)).toBe(true);
    expect(caught).toMatchObject({ status: 400, code: 'invalid_request', param });
    expect((caught as Error).message).toMatch(message);
  });

  it('either parses or throws an invalid_request GatewayError for any JSON value', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.record({ model: fc.jsonValue(), input: fc.jsonValue() })), (body) => {
        try {
          parseOpenAIEmbeddingRequest(body);
        } catch (error) {
          expect(GatewayError.isInstance(error) && error.code === 'invalid_request').toBe(true);
        }
      }),
    );
  });
});
