import { Hono } from 'hono';
import type { Context } from 'hono';
import type { z } from 'zod';
import { classificationLevels } from '../../core/catalog/catalog-schema.ts';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { Principal } from '../../core/principal.ts';
import type { BudgetGuard } from '../../security/budget/budget-guard.ts';
import { hasEndpointScope, isOperator } from '../../security/keys/check-scope.ts';
import type { KeyService } from '../../security/keys/key-service.ts';
import { toKeyView } from '../../security/keys/key-view.ts';
import type { KeyStore } from '../../security/key-store.ts';
import type { ExtractionCase } from '../../security/extraction/extraction-case.ts';
import type { ExtractionGuard } from '../../security/extraction/extraction-guard.ts';
import type { UsageQuery, UsageRow } from '../../store/ledger-repository.ts';
import { encodeOpenAIError } from '../dialects/openai/encode-openai-error.ts';
import { invalidRequestFromZod } from '../dialects/openai/invalid-request-from-zod.ts';
import { readJsonBody } from '../http/read-json-body.ts';
import { principalOf } from '../stages/authenticate.ts';
import { createKeyBodySchema, listKeysQuerySchema, rotateKeyBodySchema, toCreateKeyInput, usageQuerySchema } from './admin-schemas.ts';
import { toUsageRowView } from './usage-row-view.ts';

export interface AdminDependencies {
  /** The extraction guard, when `extraction.enabled`: its cases under `/admin/extraction`. */
  extraction?: ExtractionGuard;
  keys: KeyService;
  /** Resolves the caller's key: the gateway's key store (configured and virtual keys). */
  keyStore: KeyStore;
  /** Usage totals (the ledger's `usage`). */
  usage(query: UsageQuery): Promise<UsageRow[]>;
  /** When given, `GET /admin/keys/:id` shows the key's spend this day and month. */
  budgets?: Pick<BudgetGuard, 'spend'>;
  /** Largest accepted body (bytes). */
  bodyLimitBytes?: number;
  now?: () => number;
  /** Who is calling; default: the API key of the request (`principalOf`). The dashboard passes its session's principal. */
  authenticate?: (request: Request) => Principal;
}

type AdminEnv = { Variables: { principal: Principal } };

function errorResponse(error: GatewayError): Response {
  const encoded = encodeOpenAIError(error);
  return new Response(JSON.stringify(encoded.body), { status: encoded.status, headers: encoded.headers });
}

function parse<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (!result.success) throw invalidRequestFromZod(result.error.issues, input);
  return result.data;
}

/**
 * The tenant an admin acts on: its own, or for the operator (`admin:*`) any tenant it names. Naming another
 * tenant without being the operator is refused (403), never silently narrowed.
 */
function tenantFor(principal: Principal, requested: string | undefined): string | undefined {
  if (isOperator(principal)) return requested;
  if (requested !== undefined && requested !== principal.tenant) {
    throw new GatewayError('permission_denied', { message: `This admin key may only manage tenant "${principal.tenant}".`, param: 'tenant' });
  }
  return principal.tenant;
}

const notFound = (id: string) => new GatewayError('not_found', { message: `No API key "${id}".` });

/**
 * The admin API, to be mounted at `/admin`: virtual keys and usage. Every call needs a key with scope `admin`
 * (its own tenant) or `admin:*` (the operator, every tenant); errors answer in the OpenAI shape
 * `{error:{message,type,param,code}}`. Secrets appear only in the answers to create and rotate.
 */
export function createAdminRoutes(dependencies: AdminDependencies): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const now = dependencies.now ?? Date.now;
  const bodyLimit = dependencies.bodyLimitBytes ?? 64 * 1024;
  const body = async (c: Context<AdminEnv>, optional = false): Promise<Record<string, unknown>> => {
    const request = c.req.raw;
    if (optional && (request.body === null || request.headers.get('content-length') === '0')) return {};
    return readJsonBody(request, bodyLimit);
  };

  app.onError((error) => errorResponse(GatewayError.from(error)));

  app.use('*', async function requireAdmin(c, next) {
    const principal = dependencies.authenticate ? dependencies.authenticate(c.req.raw) : principalOf(c.req.raw.headers, dependencies.keyStore);
    if (!hasEndpointScope(principal, 'admin')) throw new GatewayError('permission_denied', { message: 'The admin API needs a key with scope "admin".' });
    c.set('principal', principal);
    await next();
  });

  app.post('/keys', async (c) => {
    const principal = c.get('principal');
    const input = await body(c);
    const parsed = parse(createKeyBodySchema, input);
    const tenant = tenantFor(principal, parsed.tenant) ?? principal.tenant;
    if (!isOperator(principal)) {
      if (parsed.scopes?.includes('admin:*')) {
        throw new GatewayError('permission_denied', { message: 'Only the operator may grant the "admin:*" scope.', param: 'scopes' });
      }
      const clearance = parsed.clearance ?? 'UNCLASSIFIED';
      if (classificationLevels.indexOf(clearance) > classificationLevels.indexOf(principal.clearance)) {
        throw new GatewayError('permission_denied', { message: `An admin key may not grant a clearance above its own (${principal.clearance}).`, param: 'clearance' });
      }
    }
    const issued = await dependencies.keys.create(toCreateKeyInput(parsed, tenant));
    return c.json({ ...toKeyView(issued.key, now()), secret: issued.secret }, 201);
  });

  /** A case a principal may see: the operator every case, a tenant admin its own tenant's keys and tenant. */
  const visible = (principal: Principal, found: ExtractionCase) => isOperator(principal) || found.tenant === principal.tenant;
  const extractionGuard = () => {
    if (!dependencies.extraction) throw new GatewayError('not_found', { message: 'The extraction guard is not enabled (extraction.enabled).' });
    return dependencies.extraction;
  };

  app.get('/extraction', (c) => {
    const guard = extractionGuard();
    const principal = c.get('principal');
    return c.json({ object: 'list', data: guard.detector.cases().filter((found) => visible(principal, found)), clusters: isOperator(principal) ? guard.detector.clusters() : [] });
  });

  app.get('/extraction/:id', (c) => {
    const found = extractionGuard().detector.case(c.req.param('id'));
    if (!found || !visible(c.get('principal'), found)) throw new GatewayError('not_found', { message: `No extraction case "${c.req.param('id')}".` });
    return c.json(found);
  });

  app.post('/extraction/:id/clear', async (c) => {
    const guard = extractionGuard();
    const principal = c.get('principal');
    const id = c.req.param('id');
    const found = guard.detector.case(id);
    if (!found || !visible(principal, found)) throw new GatewayError('not_found', { message: `No extraction case "${id}".` });
    const input = await body(c, true);
    const exemptHours = input.exempt_hours ?? 0;
    if (typeof exemptHours !== 'number' || !(exemptHours >= 0) || exemptHours > 24 * 365) throw new GatewayError('invalid_request', { message: 'exempt_hours must be a number of hours from 0 to 8760.', param: 'exempt_hours' });
    const change = guard.detector.clear(id, principal.keyId, exemptHours, now());
    return c.json({ id, from: change?.from ?? found.action, to: 'none', exempt_hours: exemptHours });
  });

  app.get('/keys', async (c) => {
    const query = parse(listKeysQuerySchema, c.req.query());
    const tenant = tenantFor(c.get('principal'), query.tenant);
    const keys = await dependencies.keys.list({ ...(tenant === undefined ? {} : { tenant }), includeRevoked: query.include_revoked === 'true' });
    const time = now();
    return c.json({ object: 'list', data: keys.map((key) => toKeyView(key, time)) });
  });

  app.get('/keys/:id', async (c) => {
    const id = c.req.param('id');
    const key = await dependencies.keys.get(id, tenantFor(c.get('principal'), undefined));
    if (!key) throw notFound(id);
    const view = toKeyView(key, now());
    if (!dependencies.budgets) return c.json(view);
    const spend = async (period: 'day' | 'month') => {
      const figures = await dependencies.budgets!.spend('key', key.id, period, now());
      return {
        period: figures.period,
        spent_usd: figures.spentNanoUsd / 1e9,
        reserved_usd: figures.reservedNanoUsd / 1e9,
        spent_tokens: figures.spentTokens,
        reserved_tokens: figures.reservedTokens,
      };
    };
    return c.json({ ...view, spend: { day: await spend('day'), month: await spend('month') } });
  });

  app.post('/keys/:id/revoke', async (c) => {
    const id = c.req.param('id');
    const key = await dependencies.keys.revoke(id, tenantFor(c.get('principal'), undefined));
    if (!key) throw notFound(id);
    return c.json(toKeyView(key, now()));
  });

  app.post('/keys/:id/rotate', async (c) => {
    const id = c.req.param('id');
    const parsed = parse(rotateKeyBodySchema, await body(c, true));
    const tenant = tenantFor(c.get('principal'), undefined);
    const issued = await dependencies.keys.rotate(id, { ...(tenant === undefined ? {} : { tenant }), ...(parsed.grace_seconds === undefined ? {} : { graceSeconds: parsed.grace_seconds }) });
    if (!issued) throw notFound(id);
    return c.json({ ...toKeyView(issued.key, now()), secret: issued.secret });
  });

  app.get('/usage', async (c) => {
    const query = parse(usageQuerySchema, c.req.query());
    const tenant = tenantFor(c.get('principal'), query.tenant);
    const rows = await dependencies.usage({
      ...(tenant === undefined ? {} : { tenant }),
      ...(query.key === undefined ? {} : { keyId: query.key }),
      ...(query.model === undefined ? {} : { model: query.model }),
      ...(query.provider === undefined ? {} : { provider: query.provider }),
      ...(query.from === undefined ? {} : { from: query.from }),
      ...(query.to === undefined ? {} : { to: query.to }),
      groupBy: query.group_by ?? [],
    });
    return c.json({ object: 'list', data: rows.map(toUsageRowView) });
  });

  // A catch-all route rather than `notFound`: a mounted sub-app's `notFound` is not consulted by the parent.
  app.all('*', (c) => errorResponse(new GatewayError('not_found', { message: `No admin route for ${c.req.method} ${c.req.path}.` })));

  return app;
}
