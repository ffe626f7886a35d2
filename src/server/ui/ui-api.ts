import { Hono } from 'hono';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { Principal } from '../../core/principal.ts';
import { hashSecret, type KeyStore } from '../../security/key-store.ts';
import { hasEndpointScope, isOperator } from '../../security/keys/check-scope.ts';
import type { LedgerViews } from '../../store/ledger-views.ts';
import { ledgerDimensions } from '../../store/ledger-views.ts';
import { createAdminRoutes, type AdminDependencies } from '../admin/admin-routes.ts';
import type { DecisionStore } from '../decision-store.ts';
import { encodeOpenAIError } from '../dialects/openai/encode-openai-error.ts';
import { invalidRequestFromZod } from '../dialects/openai/invalid-request-from-zod.ts';
import type { ExplainInput, ExplainOutcome } from '../explain-request.ts';
import { readJsonBody } from '../http/read-json-body.ts';
import type { AuditView } from './audit-view.ts';
import type { DecisionFeed, FeedEvent } from './decision-feed.ts';
import type { ProviderHealth } from './provider-health.ts';
import { csrfTokenMatches, type Session, type SessionStore } from './session-store.ts';
import { overTls, readCookie, sameOrigin, securityHeaders, sessionCookie, sessionCookieName } from './ui-security.ts';
import { parseWindow } from './ui-window.ts';

export interface UiApiDependencies {
  keys: KeyStore;
  sessions: SessionStore;
  sessionTtlSeconds: number;
  views: LedgerViews;
  decisions: DecisionStore;
  feed: DecisionFeed;
  providers: ProviderHealth;
  audit: AuditView;
  explain(input: ExplainInput): Promise<ExplainOutcome>;
  /** The admin API's dependencies, reused for the keys view (authenticated by the session instead of a key). */
  admin: Omit<AdminDependencies, 'authenticate'>;
  /** Live SSE subscribers at most (each holds a connection). Default 64. */
  maxStreams?: number;
  bodyLimitBytes: number;
  now?: () => number;
}

type UiEnv = { Variables: { session: Session; sessionId: string } };

function errorResponse(error: GatewayError): Response {
  const encoded = encodeOpenAIError(error);
  return new Response(JSON.stringify(encoded.body), { status: encoded.status, headers: { 'content-type': 'application/json', ...encoded.headers, ...securityHeaders } });
}

function parse<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (!result.success) throw invalidRequestFromZod(result.error.issues, input);
  return result.data;
}

/** The tenant a view shows: the operator's choice (all when none), or a tenant admin's own (another is refused). */
function tenantFor(principal: Principal, requested: string | undefined): string | undefined {
  if (isOperator(principal)) return requested === '' ? undefined : requested;
  if (requested !== undefined && requested !== '' && requested !== principal.tenant) {
    throw new GatewayError('permission_denied', { message: `This admin key may only see tenant "${principal.tenant}".`, param: 'tenant' });
  }
  return principal.tenant;
}

const loginSchema = z.strictObject({ key: z.string().min(1).max(512) });
const windowQuery = z.object({ window: z.string().optional(), from: z.string().optional(), to: z.string().optional(), tenant: z.string().optional() });
const spendQuery = windowQuery.extend({ by: z.enum(ledgerDimensions).default('model') });
const cursorQuery = z.object({
  before_time: z.coerce.number().int().optional(),
  before_id: z.coerce.number().int().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  tenant: z.string().optional(),
});
const simulateSchema = z.strictObject({
  dialect: z.enum(['openai', 'anthropic']).default('openai'),
  body: z.string().min(1).max(1_000_000),
  headers: z.record(z.string(), z.string().max(1_000)).default({}),
  tenant: z.string().min(1).max(200).optional(),
  country: z.string().regex(/^[A-Z]{2}$/).optional(),
});

/** Headers a simulated request may declare: the ones the sovereignty stages read. */
const simulatedHeaders = new Set(['x-sovereign-classification', 'x-sovereign-residency', 'x-sovereign-labels', 'x-sovereign-strategy']);

/**
 * The dashboard's API, mounted at `/ui/api`: login with an admin key (a session cookie, HttpOnly, SameSite=Strict,
 * Secure over TLS), then every call needs that session (401 otherwise) and every state-changing call also needs the
 * gateway's own origin and the session's CSRF token (`x-csrf-token`, 403 otherwise). A tenant admin sees its tenant;
 * the operator every tenant or one it picks. Keys are managed through the admin API itself, mounted at `admin/`.
 */
export function createUiApi(dependencies: UiApiDependencies): Hono<UiEnv> {
  const app = new Hono<UiEnv>();
  const now = dependencies.now ?? Date.now;
  const maxStreams = dependencies.maxStreams ?? 64;
  const principals = new WeakMap<Request, Principal>();

  app.onError((error) => errorResponse(GatewayError.from(error)));

  app.use('*', async function guard(c, next) {
    const request = c.req.raw;
    const changes = request.method !== 'GET' && request.method !== 'HEAD';
    if (changes && !sameOrigin(request)) throw new GatewayError('permission_denied', { message: 'Cross-site requests are refused.' });
    if (c.req.path.endsWith('/api/login') && request.method === 'POST') return next();
    const sessionId = readCookie(request.headers.get('cookie'), sessionCookieName);
    const session = dependencies.sessions.get(sessionId);
    if (!session || !sessionId) throw new GatewayError('authentication_required', { message: 'Log in to the dashboard with an admin key.' });
    // The key it was opened with must still authenticate, with the admin scope: a revoked key ends its sessions.
    const principal = dependencies.keys.authenticate('', session.keyDigest);
    if (!principal || !hasEndpointScope(principal, 'admin')) {
      dependencies.sessions.delete(sessionId);
      throw new GatewayError('authentication_required', { message: 'The session ended: its key is no longer valid.' });
    }
    session.principal = principal;
    if (changes && !csrfTokenMatches(session, request.headers.get('x-csrf-token'))) {
      throw new GatewayError('permission_denied', { message: 'A missing or wrong CSRF token.' });
    }
    c.set('session', session);
    c.set('sessionId', sessionId);
    principals.set(request, principal);
    await next();
    for (const [name, value] of Object.entries(securityHeaders)) c.res.headers.set(name, value);
    c.res.headers.set('cache-control', 'no-store');
  });

  app.post('/login', async (c) => {
    const { key } = parse(loginSchema, await readJsonBody(c.req.raw, 4096));
    const digest = hashSecret(key);
    const principal = dependencies.keys.authenticate(key, digest);
    if (!principal) throw new GatewayError('invalid_api_key');
    if (!hasEndpointScope(principal, 'admin')) throw new GatewayError('permission_denied', { message: 'The dashboard needs a key with scope "admin".' });
    dependencies.sessions.delete(readCookie(c.req.header('cookie'), sessionCookieName));
    const { id, session } = dependencies.sessions.create(principal, digest);
    return new Response(JSON.stringify(sessionView(session)), {
      status: 200,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store', 'set-cookie': sessionCookie(id, overTls(c.req.raw), dependencies.sessionTtlSeconds), ...securityHeaders },
    });
  });

  app.post('/logout', (c) => {
    dependencies.sessions.delete(c.get('sessionId'));
    c.header('set-cookie', sessionCookie('', overTls(c.req.raw), 0));
    return c.json({ ok: true });
  });

  app.get('/session', (c) => c.json(sessionView(c.get('session'))));

  app.get('/stream', (c) => {
    const principal = c.get('session').principal;
    const tenant = tenantFor(principal, c.req.query('tenant'));
    if (dependencies.feed.subscribers >= maxStreams) throw new GatewayError('rate_limited', { message: 'Too many live streams are open.' });
    const visible = (event: FeedEvent) => tenant === undefined || event.tenant === tenant;
    return streamSSE(c, async (stream) => {
      const queue: FeedEvent[] = dependencies.feed.recent(50).filter(visible);
      let wake: (() => void) | undefined;
      const unsubscribe = dependencies.feed.subscribe((event) => {
        if (!visible(event)) return;
        queue.push(event);
        if (queue.length > 1_000) queue.splice(0, queue.length - 1_000);
        wake?.();
      });
      let open = true;
      stream.onAbort(() => {
        open = false;
        wake?.();
      });
      const heartbeat = setInterval(() => wake?.(), 15_000);
      try {
        await stream.writeSSE({ event: 'ready', data: JSON.stringify({ at: now() }) });
        while (open) {
          while (queue.length > 0 && open) {
            const event = queue.shift()!;
            await stream.writeSSE({ event: 'request', id: String(event.seq), data: JSON.stringify(event) });
          }
          if (!open) break;
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
          if (queue.length === 0 && open) await stream.write(': keep-alive\n\n');
        }
      } finally {
        clearInterval(heartbeat);
        unsubscribe();
      }
    });
  });

  app.get('/decisions/:id', async (c) => {
    const principal = c.get('session').principal;
    const found = await dependencies.decisions.find(c.req.param('id'));
    if (!found || (!isOperator(principal) && found.tenant !== principal.tenant)) throw new GatewayError('not_found', { message: 'No such decision.' });
    return c.json(found.view);
  });

  const windowed = (c: Context<UiEnv>, query: z.infer<typeof windowQuery>) => ({
    tenant: tenantFor(c.get('session').principal, query.tenant),
    window: parseWindow(query, now()),
  });

  app.get('/traffic', async (c) => {
    const { tenant, window } = windowed(c, parse(windowQuery, c.req.query()));
    const scope = { ...(tenant === undefined ? {} : { tenant }), from: window.from, to: window.to };
    const [byJurisdiction, byTier, series] = await Promise.all([
      dependencies.views.breakdown({ ...scope, by: 'jurisdiction' }),
      dependencies.views.breakdown({ ...scope, by: 'tier' }),
      dependencies.views.series({ ...scope, bucketMs: window.bucketMs, by: 'tier' }),
    ]);
    return c.json({ window, byJurisdiction, byTier, series });
  });

  app.get('/spend', async (c) => {
    const query = parse(spendQuery, c.req.query());
    const { tenant, window } = windowed(c, query);
    const scope = { ...(tenant === undefined ? {} : { tenant }), from: window.from, to: window.to };
    const [series, breakdown] = await Promise.all([
      dependencies.views.series({ ...scope, bucketMs: window.bucketMs }),
      dependencies.views.breakdown({ ...scope, by: query.by }),
    ]);
    return c.json({ window, by: query.by, series, breakdown });
  });

  app.get('/refusals', async (c) => {
    const query = parse(windowQuery.merge(cursorQuery), c.req.query());
    const { tenant, window } = windowed(c, query);
    const scope = { ...(tenant === undefined ? {} : { tenant }) };
    const [byPolicy, examples] = await Promise.all([
      dependencies.views.refusalsByPolicy({ ...scope, from: window.from, to: window.to }),
      dependencies.views.page({ ...scope, refusalsOnly: true, limit: query.limit, ...cursorOf(query) }),
    ]);
    return c.json({ window, byPolicy, examples });
  });

  app.get('/ledger', async (c) => {
    const query = parse(cursorQuery, c.req.query());
    const tenant = tenantFor(c.get('session').principal, query.tenant);
    return c.json(await dependencies.views.page({ ...(tenant === undefined ? {} : { tenant }), limit: query.limit, ...cursorOf(query) }));
  });

  app.get('/providers', (c) => c.json({ providers: dependencies.providers.rows() }));

  app.post('/simulate', async (c) => {
    const principal = c.get('session').principal;
    const input = parse(simulateSchema, await readJsonBody(c.req.raw, dependencies.bodyLimitBytes));
    const tenant = tenantFor(principal, input.tenant) ?? principal.tenant;
    const headers = new Headers();
    for (const [name, value] of Object.entries(input.headers)) {
      const lower = name.trim().toLowerCase();
      if (!simulatedHeaders.has(lower)) {
        throw new GatewayError('invalid_request', { message: `The simulator reads only ${[...simulatedHeaders].join(', ')}.`, param: 'headers' });
      }
      headers.set(lower, value);
    }
    const outcome = await dependencies.explain({
      dialect: input.dialect,
      bodyText: input.body,
      headers,
      principal: { tenant, keyId: 'simulator', scopes: ['*'], clearance: 'UNCLASSIFIED', labels: [], ...(input.country ? { country: input.country } : {}) },
    });
    if (outcome.routed) return c.json({ routed: true, tenant, profile: outcome.profile, decision: outcome.decision, explanation: outcome.explanation });
    const error = outcome.error;
    // A body the gateway could not read is the simulator's input error, answered as such (400 naming the place).
    if (error.status === 400) throw error;
    return c.json({
      routed: false,
      tenant,
      error: { code: error.code, status: error.status, message: error.message, ...(error.param ? { param: error.param } : {}), policies: error.details?.policies ?? [] },
      ...(outcome.profile ? { profile: outcome.profile } : {}),
      policies: outcome.policies ?? [],
    });
  });

  app.get('/audit', (c) => c.json(dependencies.audit.summary(20)));

  app.post('/audit/verify', async (c) => c.json(await dependencies.audit.verify()));

  app.get('/audit/export', (c) => {
    // The audit log holds every tenant's records: the operator's alone.
    if (!isOperator(c.get('session').principal)) throw new GatewayError('permission_denied', { message: 'Only the operator may export the audit log.' });
    const { stream } = dependencies.audit.exportStream();
    return new Response(stream, {
      status: 200,
      headers: { 'content-type': 'application/x-ndjson', 'content-disposition': `attachment; filename="sovereign-audit-${new Date(now()).toISOString().slice(0, 10)}.jsonl"` },
    });
  });

  app.route('/admin', createAdminRoutes({ ...dependencies.admin, authenticate: (request) => principals.get(request) ?? failAuthentication() }));

  app.all('*', (c) => errorResponse(new GatewayError('not_found', { message: `No dashboard route for ${c.req.method} ${c.req.path}.` })));
  return app;
}

function failAuthentication(): never {
  throw new GatewayError('authentication_required');
}

function cursorOf(query: { before_time?: number | undefined; before_id?: number | undefined }) {
  return query.before_time !== undefined && query.before_id !== undefined ? { before: { time: query.before_time, id: query.before_id } } : {};
}

function sessionView(session: Session) {
  const principal = session.principal;
  return {
    csrfToken: session.csrfToken,
    tenant: principal.tenant,
    keyId: principal.keyId,
    ...(principal.keyName ? { keyName: principal.keyName } : {}),
    operator: isOperator(principal),
  };
}
