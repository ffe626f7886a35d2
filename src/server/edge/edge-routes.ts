import { createReadStream, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { z } from 'zod';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import { createIdGenerator } from '../../core/ids.ts';
import type { Principal } from '../../core/principal.ts';
import { costOfNanoUsd } from '../../security/pricing/cost-of.ts';
import { readJsonBody } from '../http/read-json-body.ts';
import { hasEndpointScope } from '../../security/keys/check-scope.ts';
import type { KeyStore } from '../../security/key-store.ts';
import type { RateLimiter } from '../../security/rate-limit/rate-limiter.ts';
import { rateSubjects } from '../../security/rate-limit/rate-subjects.ts';
import type { Ledger } from '../../store/ledger.ts';
import type { GatewayConfig } from '../config/config-schema.ts';
import type { DialectCodec } from '../dialects/dialect-codec.ts';
import type { Logger } from '../logger.ts';
import { principalOf } from '../stages/authenticate.ts';
import { errorReply } from '../app.ts';
import { buildEdgeSdk, type EdgeSdkBuild } from './build-edge-sdk.ts';
import type { EdgeBundleSigner } from './edge-bundle-signer.ts';
import { edgeWasmPath } from './build-edge-payload.ts';

export interface EdgeRoutesOptions {
  config: GatewayConfig;
  keys: KeyStore;
  rateLimiter: RateLimiter;
  ledger: Ledger;
  signer: EdgeBundleSigner;
  /** Errors are answered in the OpenAI dialect (the SDK's gateway client reads that shape). */
  codec: DialectCodec;
  logger: Logger;
}

/** The on-device usage a page reports: counts and times, never content (a strict schema refuses anything else). */
const usageReportSchema = z.strictObject({
  decision_id: z.string().regex(/^[\w.:-]{1,128}$/).optional(),
  model: z.string().min(1).max(128),
  backend: z.enum(['webgpu', 'wasm']),
  input_tokens: z.number().int().nonnegative().max(10_000_000),
  output_tokens: z.number().int().nonnegative().max(10_000_000),
  latency_ms: z.number().int().nonnegative().max(86_400_000),
  ttft_ms: z.number().int().nonnegative().max(86_400_000).optional(),
});

const usageBodyLimitBytes = 4096;
const wllamaWasmFile = createRequire(import.meta.url).resolve('@wllama/wllama/esm/wasm/wllama.wasm');
const webDirectory = fileURLToPath(new URL('../../../web/edge/', import.meta.url));

/**
 * The edge tier's routes: the signed bundle (`GET /v1/edge/bundle`) and on-device usage (`POST /v1/edge/usage`) for
 * keys with scope `edge` (or `*`), rate-limited like every request of the key; the SDK (`/sdk/edge.js`, bundled on
 * first use with the gateway's public key written in), the runtime's wasm and the device models (`/sdk/...`, from
 * the gateway's own origin: the page fetches nothing from a CDN) and the demo page (`/ui/edge`).
 */
export function createEdgeRoutes(options: EdgeRoutesOptions): Hono {
  const app = new Hono();
  const { config, signer, codec } = options;
  const newUsageId = createIdGenerator('edge');
  let sdk: Promise<EdgeSdkBuild> | undefined;
  const sdkBuild = () => {
    sdk ??= buildEdgeSdk({ publicKey: signer.publicKey });
    sdk.catch(() => {
      sdk = undefined;
    });
    return sdk;
  };
  const models = new Map(config.edge.models.map((model) => [`${model.name}.gguf`, model]));
  const fail = (error: unknown) => {
    const failure = GatewayError.from(error);
    if (failure.code === 'internal_error') options.logger.error({ err: error }, 'edge route failed');
    const reply = errorReply(codec, failure);
    return new Response(reply.body, { status: reply.status, headers: reply.headers });
  };
  /** The caller's principal, once its key holds the edge scope and its rate limits admit one more request. */
  const admit = async (headers: Headers): Promise<Principal> => {
    const principal = principalOf(headers, options.keys);
    if (!hasEndpointScope(principal, 'edge')) throw new GatewayError('permission_denied', { message: 'This API key may not use the edge endpoints (scope edge).' });
    await options.rateLimiter.check(rateSubjects(principal, config.tenants[principal.tenant]?.rateLimits));
    return principal;
  };

  app.get('/v1/edge/bundle', async (c) => {
    try {
      const principal = await admit(c.req.raw.headers);
      return c.json(signer.bundleFor(principal), 200, { 'cache-control': 'no-store' });
    } catch (error) {
      return fail(error);
    }
  });

  app.post('/v1/edge/usage', async (c) => {
    try {
      const principal = await admit(c.req.raw.headers);
      if (!config.edge.reportUsage) throw new GatewayError('permission_denied', { message: 'On-device usage reports are switched off (edge.reportUsage).' });
      // Bounded: a body past the limit is refused (413) as it arrives, never read whole first.
      const body = await readJsonBody(c.req.raw, usageBodyLimitBytes);
      const parsed = usageReportSchema.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new GatewayError('invalid_request', { message: `Invalid usage report: ${issue.path.join('.') || '(body)'}: ${issue.message}`, param: issue.path.join('.') });
      }
      const report = parsed.data;
      const model = config.edge.models.find((candidate) => candidate.name === report.model);
      if (!model) throw new GatewayError('model_not_found', { message: `No device model is called "${report.model}".`, param: 'model' });
      const usage = { inputTokens: report.input_tokens, outputTokens: report.output_tokens };
      const requestId = newUsageId();
      await options.ledger.record({
        time: Date.now(),
        requestId,
        tenant: principal.tenant,
        keyId: principal.keyId,
        model: model.name,
        provider: config.edge.device.providerId,
        ...((config.edge.device.jurisdiction ?? config.tenants[principal.tenant]?.country) ? { jurisdiction: config.edge.device.jurisdiction ?? config.tenants[principal.tenant]?.country } : {}),
        dialect: `edge-${report.backend}`,
        stream: true,
        status: 200,
        outcome: 'ok',
        inputTokens: usage.inputTokens,
        cachedInputTokens: 0,
        outputTokens: usage.outputTokens,
        costNanoUsd: costOfNanoUsd(usage, model.price),
        latencyMs: report.latency_ms,
        ...(report.ttft_ms === undefined ? {} : { ttftMs: report.ttft_ms }),
        ...(report.decision_id === undefined ? {} : { decisionId: report.decision_id }),
      });
      return c.json({ recorded: true, id: requestId });
    } catch (error) {
      return fail(error);
    }
  });

  app.get('/sdk/edge.js', async (c) => {
    try {
      const { code } = await sdkBuild();
      return c.body(code, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' });
    } catch (error) {
      return fail(error);
    }
  });

  app.get(edgeWasmPath, () => fileResponse(wllamaWasmFile, 'application/wasm'));

  app.get('/sdk/models/:file', (c) => {
    const model = models.get(c.req.param('file'));
    if (!model?.file) return fail(new GatewayError('not_found', { message: 'No such device model.' }));
    return fileResponse(resolve(model.file), 'application/octet-stream');
  });

  app.get('/ui/edge', async (c) => c.html(await readFile(`${webDirectory}index.html`, 'utf8')));
  app.get('/ui/edge/demo.js', async (c) => c.body(await readFile(`${webDirectory}demo.js`, 'utf8'), 200, { 'content-type': 'text/javascript; charset=utf-8' }));

  return app;
}

/** A file from the gateway's disk, streamed with its length (the device's model and runtime). */
function fileResponse(file: string, contentType: string): Response {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    const reply = { status: 404, body: JSON.stringify({ error: { message: 'The file is missing on the gateway.', type: 'not_found_error' } }) };
    return new Response(reply.body, { status: reply.status, headers: { 'content-type': 'application/json' } });
  }
  const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
  return new Response(body, { headers: { 'content-type': contentType, 'content-length': String(size), 'cache-control': 'no-cache' } });
}
