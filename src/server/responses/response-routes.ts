import { Hono } from 'hono';
import type { Context } from 'hono';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import { createIdGenerator } from '../../core/ids.ts';
import type { KeyStore } from '../../security/key-store.ts';
import { checkScope } from '../../security/keys/check-scope.ts';
import { countTokens } from '../../security/pricing/count-tokens.ts';
import { encodeOpenAIError } from '../dialects/openai/index.ts';
import { parseResponsesRequest } from '../dialects/responses/parse-responses-request.ts';
import { readJsonBody } from '../http/read-json-body.ts';
import { principalOf } from '../stages/authenticate.ts';
import { resolveTurnInput } from './resolve-turn-input.ts';
import { responseReaderOf, type ResponseReader, type ResponseStore } from './response-store.ts';

export interface ResponseRoutesOptions {
  store: ResponseStore;
  keys: KeyStore;
  bodyLimitBytes: number;
}

/**
 * The Responses API's routes beside `POST /v1/responses`: retrieve, delete and list the input items of a stored
 * response (the tenant's own: another tenant's, like an expired or deleted one, is 404), count a request's input
 * tokens, and refuse `cancel` (only background responses can be cancelled, and the gateway runs none). Every
 * answer, errors included, has OpenAI's shape. Mounted under `/v1/responses`.
 * @see https://platform.openai.com/docs/api-reference/responses
 */
export function createResponseRoutes(options: ResponseRoutesOptions): Hono {
  const app = new Hono();
  const { store } = options;
  const newId = createIdGenerator('resp');

  app.post('/input_tokens', (c) =>
    answer(c, async (reader) => {
      const value = await readJsonBody(c.req.raw, options.bodyLimitBytes);
      const { input, previousItems } = await resolveTurnInput(value, store, reader);
      const { request } = parseResponsesRequest(input === value.input ? value : { ...value, input }, { id: newId(), createdAt: 0, ...(previousItems ? { previousItems } : {}) });
      return { object: 'response.input_tokens', input_tokens: countTokens(request) };
    }),
  );

  app.get('/:id', (c) =>
    answer(c, async (reader) => {
      if (c.req.query('stream') === 'true') {
        throw new GatewayError('invalid_request', { param: 'stream', message: "Invalid value for 'stream': a stored response is retrieved whole; only background responses stream on retrieval." });
      }
      return (await found(store, reader, c.req.param('id'))).response;
    }),
  );

  app.delete('/:id', (c) =>
    answer(c, async (reader) => {
      const id = c.req.param('id');
      if (!(await store.delete(reader, id))) throw missing(id);
      return { id, object: 'response', deleted: true };
    }),
  );

  app.get('/:id/input_items', (c) =>
    answer(c, async (reader) => {
      const stored = await found(store, reader, c.req.param('id'));
      return listPage(stored.inputItems, { after: c.req.query('after'), limit: c.req.query('limit'), order: c.req.query('order') });
    }),
  );

  app.post('/:id/cancel', (c) =>
    answer(c, async (reader) => {
      await found(store, reader, c.req.param('id'));
      throw new GatewayError('invalid_request', { message: 'Only background responses can be cancelled; this response has already finished.' });
    }),
  );
  return app;

  /** Authenticates (the key needs the chat scope), runs `work` for the key's tenant, and answers in OpenAI's shape. */
  async function answer(c: Context, work: (reader: ResponseReader) => Promise<object>): Promise<Response> {
    try {
      const principal = principalOf(c.req.raw.headers, options.keys);
      checkScope(principal, { endpoint: 'chat' });
      return c.json(await work(responseReaderOf(principal)));
    } catch (thrown) {
      const encoded = encodeOpenAIError(GatewayError.from(thrown));
      return new Response(JSON.stringify(encoded.body), { status: encoded.status, headers: encoded.headers });
    }
  }
}

async function found(store: ResponseStore, reader: ResponseReader, id: string) {
  const stored = await store.get(reader, id);
  if (!stored) throw missing(id);
  return stored;
}

function missing(id: string): GatewayError {
  return new GatewayError('not_found', { message: `Response with id '${id.slice(0, 64)}' not found.` });
}

/** A cursor page of items (`object: list`), newest first unless `order=asc`, 1-100 per page (default 20). */
function listPage(items: Array<Record<string, unknown>>, query: { after: string | undefined; limit: string | undefined; order: string | undefined }) {
  const order = query.order ?? 'desc';
  if (order !== 'asc' && order !== 'desc') {
    throw new GatewayError('invalid_request', { param: 'order', message: `Invalid value for 'order': '${order.slice(0, 16)}'. Supported values are: 'asc', 'desc'.` });
  }
  const limit = query.limit === undefined ? 20 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new GatewayError('invalid_request', { param: 'limit', message: "Invalid value for 'limit': expected an integer from 1 to 100." });
  }
  const ordered = order === 'asc' ? items : [...items].reverse();
  let start = 0;
  if (query.after !== undefined) {
    const index = ordered.findIndex((item) => item.id === query.after);
    if (index < 0) throw new GatewayError('invalid_request', { param: 'after', message: `Invalid value for 'after': no item '${query.after.slice(0, 64)}' in this response's input.` });
    start = index + 1;
  }
  const data = ordered.slice(start, start + limit);
  return { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: start + limit < ordered.length };
}
