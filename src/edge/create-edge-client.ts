import { GatewayError } from '../core/errors/gateway-error.ts';
import type { RankedCandidate } from '../core/router/index.ts';
import { detectDeviceBackend, loadDeviceModel, type DeviceBackend, type DeviceModel } from './device-model.ts';
import { EdgeBundleError, fromBase64, verifyEdgeBundle, type EdgeBundlePayload } from './edge-bundle.ts';
import { toCanonicalRequest, type EdgeChatRequest } from './edge-request.ts';
import { createEdgeRouter, type EdgeDecision, type EdgeDeclarations, type EdgeRouter } from './edge-router.ts';
import { fetchEdgeBundle, reportDeviceUsage, streamFromGateway, type GatewayConnection } from './gateway-client.ts';
import { servedGatewayOrigin, servedGatewayPublicKey } from './served-defaults.ts';

export interface EdgeClientOptions {
  /** The gateway's origin, e.g. `https://gateway.example`. Default: the origin `/sdk/edge.js` was served from. */
  gatewayUrl?: string;
  /** A publishable key with scope `edge` (it can fetch the bundle, report usage and call the gateway, rate-limited). */
  edgeKey: string;
  /**
   * The gateway's ML-DSA-65 public key (base64, as `sovereign audit public-key` prints it): bundles are verified
   * with it. Default: the key embedded in `/sdk/edge.js` by the gateway that served it. Pin it in the page to trust
   * only that gateway's key whatever serves the script.
   */
  publicKey?: string | Uint8Array;
  /** `false` never runs on the device (everything goes to the gateway, under the same policies). */
  device?: boolean;
  fetch?: typeof fetch;
  now?: () => number;
}

/** A request's outcome: where it ran, what it said and what it cost in tokens. */
export interface EdgeRunResult {
  decision: EdgeDecision;
  where: 'device' | 'gateway';
  /** The provider that answered (the device's provider id on the device). */
  provider: string | undefined;
  /** The gateway's own decision id (`GET /v1/decisions/:id` explains it), when the gateway answered. */
  gatewayDecisionId: string | undefined;
  model: string | undefined;
  text: string;
  inputTokens: number | undefined;
  outputTokens: number | undefined;
  backend: DeviceBackend | undefined;
  ttftMs: number | undefined;
  totalMs: number;
  /** Whether on-device usage reached the gateway's ledger (false when the bundle says not to report, or it failed). */
  usageReported: boolean;
}

export interface EdgeRunOptions {
  declarations?: EdgeDeclarations;
  signal?: AbortSignal;
  onText?: (text: string) => void;
  /** Called once the decision is made, before anything runs. */
  onDecision?: (decision: EdgeDecision) => void;
}

export interface EdgeClient {
  /** Fetches and verifies the signed bundle; rejects with an `EdgeBundleError` (and the client refuses every request). */
  ready(): Promise<EdgeBundlePayload>;
  /** Where a request would run and why, without running it. */
  decide(request: EdgeChatRequest, declarations?: EdgeDeclarations): Promise<EdgeDecision>;
  /** Decides, then runs the request on the device or at the gateway, streaming its text. */
  run(request: EdgeChatRequest, options?: EdgeRunOptions): Promise<EdgeRunResult>;
  /** The device backend (`webgpu`, `wasm`) or undefined when the device cannot run models. */
  backend(): Promise<DeviceBackend | undefined>;
  close(): Promise<void>;
}

interface Verified {
  payload: EdgeBundlePayload;
  router: EdgeRouter;
}

/**
 * The browser SDK: the gateway's detectors, policies and router running in the page. It fetches the tenant's
 * signed bundle and verifies it before use (a tampered, foreign or expired bundle is refused and nothing runs:
 * fail closed); each request is profiled and routed like the gateway would, with the device as an edge-tier
 * candidate. Requests the policies keep on the device never reach the gateway's model endpoints.
 */
export function createEdgeClient(options: EdgeClientOptions): EdgeClient {
  const url = (options.gatewayUrl ?? servedGatewayOrigin() ?? '').replace(/\/+$/, '');
  if (url === '') throw new TypeError('createEdgeClient: gatewayUrl is required (the SDK was not loaded from a gateway).');
  const connection: GatewayConnection = { url, edgeKey: options.edgeKey, fetch: options.fetch ?? globalThis.fetch.bind(globalThis) };
  const now = options.now ?? Date.now;
  const publicKeyText = options.publicKey ?? servedGatewayPublicKey();
  let verified: Promise<Verified> | undefined;
  let backend: Promise<DeviceBackend | undefined> | undefined;
  const models = new Map<string, Promise<DeviceModel>>();
  let deviceBroken = false;

  const load = async (): Promise<Verified> => {
    if (publicKeyText === undefined) throw new EdgeBundleError('no-key', 'No gateway public key: pass publicKey (or load the SDK from the gateway at /sdk/edge.js).');
    const publicKey = typeof publicKeyText === 'string' ? fromBase64(publicKeyText) : publicKeyText;
    const payload = verifyEdgeBundle(await fetchEdgeBundle(connection), publicKey, now());
    return { payload, router: createEdgeRouter(payload) };
  };
  const current = async (): Promise<Verified> => {
    verified ??= load();
    let value: Verified;
    try {
      value = await verified;
    } catch (error) {
      verified = undefined;
      throw error;
    }
    if (value.payload.expiresAt > now()) return value;
    // Expired while in use: fetch a fresh one; until it verifies, nothing is routed.
    verified = load();
    return current();
  };
  const deviceBackend = () => {
    if (options.device === false) return Promise.resolve(undefined);
    backend ??= detectDeviceBackend();
    return backend;
  };
  const decideWith = async (state: Verified, request: EdgeChatRequest, declarations: EdgeDeclarations, stream: boolean) => {
    const available = !deviceBroken && state.payload.device !== undefined && (await deviceBackend()) !== undefined;
    return state.router.decide(toCanonicalRequest(request, stream), declarations, available);
  };
  const deviceModel = (state: Verified, candidate: RankedCandidate, chosen: DeviceBackend): Promise<DeviceModel> => {
    const entry = state.payload.device?.models.find((model) => model.name === candidate.model);
    if (!entry || !state.payload.device) return Promise.reject(new Error(`the device model ${candidate.model} has no file in the bundle`));
    let model = models.get(entry.name);
    if (!model) {
      const routable = state.payload.providers.find((provider) => provider.id === state.payload.device?.providerId)?.models.find((item) => item.name === entry.name);
      model = loadDeviceModel({
        name: entry.name,
        modelUrl: new URL(entry.url, `${url}/`).href,
        wasmUrl: new URL(state.payload.device.wasmUrl, `${url}/`).href,
        backend: chosen,
        contextSize: routable?.contextWindow ?? 2048,
      });
      model.catch(() => models.delete(entry.name));
      models.set(entry.name, model);
    }
    return model;
  };

  return {
    async ready() {
      return (await current()).payload;
    },
    backend: deviceBackend,
    async decide(request, declarations = {}) {
      return decideWith(await current(), request, declarations, false);
    },
    async run(request, runOptions = {}) {
      const state = await current();
      const declarations = runOptions.declarations ?? {};
      let decision = await decideWith(state, request, declarations, true);
      const started = performance.now();
      let text = '';
      const onText = (delta: string) => {
        text += delta;
        runOptions.onText?.(delta);
      };
      if (decision.where === 'device') {
        const chosen = (await deviceBackend())!;
        let model: DeviceModel | undefined;
        try {
          model = await deviceModel(state, decision.decision!.candidates[0]!, chosen);
        } catch (error) {
          // The device cannot run it after all: decide again without it (the gateway if allowed, else refused).
          console.warn('Sovereign edge: the on-device model could not be loaded', error);
          deviceBroken = true;
          decision = await decideWith(state, request, declarations, true);
        }
        if (model) {
          runOptions.onDecision?.(decision);
          const generation = await model.generate(toCanonicalRequest(request, true), onText, runOptions.signal);
          let usageReported = false;
          if (state.payload.reportUsage) {
            usageReported = await reportDeviceUsage(connection, {
              ...(decision.decision ? { decision_id: decision.decision.id } : {}),
              model: model.name,
              backend: model.backend,
              input_tokens: generation.inputTokens,
              output_tokens: generation.outputTokens,
              latency_ms: Math.round(generation.totalMs),
              ...(generation.ttftMs === undefined ? {} : { ttft_ms: Math.round(generation.ttftMs) }),
            }).then(
              () => true,
              () => false,
            );
          }
          return {
            decision,
            where: 'device',
            provider: state.payload.device?.providerId,
            gatewayDecisionId: undefined,
            model: model.name,
            text: generation.text,
            inputTokens: generation.inputTokens,
            outputTokens: generation.outputTokens,
            backend: model.backend,
            ttftMs: generation.ttftMs,
            totalMs: generation.totalMs,
            usageReported,
          };
        }
      }
      runOptions.onDecision?.(decision);
      if (decision.where === 'refused') throw decision.error ?? new GatewayError('policy_denied');
      let ttftMs: number | undefined;
      const answer = await streamFromGateway(connection, request, decision.profile, declarations.residency, (delta) => {
        ttftMs ??= performance.now() - started;
        onText(delta);
      }, runOptions.signal);
      return {
        decision,
        where: 'gateway',
        provider: answer.provider,
        gatewayDecisionId: answer.decisionId,
        model: request.model ?? 'auto',
        text,
        inputTokens: answer.inputTokens,
        outputTokens: answer.outputTokens,
        backend: undefined,
        ttftMs,
        totalMs: performance.now() - started,
        usageReported: false,
      };
    },
    async close() {
      const loaded = await Promise.allSettled(models.values());
      models.clear();
      await Promise.all(loaded.map((result) => (result.status === 'fulfilled' ? result.value.close() : undefined)));
    },
  };
}
