import { GatewayError } from "../core/errors/gateway-error.js";
import { detectDeviceBackend, loadDeviceModel } from "./device-model.js";
import { EdgeBundleError, fromBase64, verifyEdgeBundle } from "./edge-bundle.js";
import { toCanonicalRequest } from "./edge-request.js";
import { createEdgeRouter } from "./edge-router.js";
import { fetchEdgeBundle, reportDeviceUsage, streamFromGateway } from "./gateway-client.js";
import { servedGatewayOrigin, servedGatewayPublicKey } from "./served-defaults.js";
/**
 * The browser SDK: the gateway's detectors, policies and router running in the page. It fetches the tenant's
 * signed bundle and verifies it before use (a tampered, foreign or expired bundle is refused and nothing runs:
 * fail closed); each request is profiled and routed like the gateway would, with the device as an edge-tier
 * candidate. Requests the policies keep on the device never reach the gateway's model endpoints.
 */
export function createEdgeClient(options) {
    const url = (options.gatewayUrl ?? servedGatewayOrigin() ?? '').replace(/\/+$/, '');
    if (url === '')
        throw new TypeError('createEdgeClient: gatewayUrl is required (the SDK was not loaded from a gateway).');
    const connection = { url, edgeKey: options.edgeKey, fetch: options.fetch ?? globalThis.fetch.bind(globalThis) };
    const now = options.now ?? Date.now;
    const publicKeyText = options.publicKey ?? servedGatewayPublicKey();
    let verified;
    let backend;
    const models = new Map();
    let deviceBroken = false;
    const load = async () => {
        if (publicKeyText === undefined)
            throw new EdgeBundleError('no-key', 'No gateway public key: pass publicKey (or load the SDK from the gateway at /sdk/edge.js).');
        const publicKey = typeof publicKeyText === 'string' ? fromBase64(publicKeyText) : publicKeyText;
        const payload = verifyEdgeBundle(await fetchEdgeBundle(connection), publicKey, now());
        return { payload, router: createEdgeRouter(payload) };
    };
    const current = async () => {
        verified ??= load();
        let value;
        try {
            value = await verified;
        }
        catch (error) {
            verified = undefined;
            throw error;
        }
        if (value.payload.expiresAt > now())
            return value;
        // Expired while in use: fetch a fresh one; until it verifies, nothing is routed.
        verified = load();
        return current();
    };
    const deviceBackend = () => {
        if (options.device === false)
            return Promise.resolve(undefined);
        backend ??= detectDeviceBackend();
        return backend;
    };
    const decideWith = async (state, request, declarations, stream) => {
        const available = !deviceBroken && state.payload.device !== undefined && (await deviceBackend()) !== undefined;
        return state.router.decide(toCanonicalRequest(request, stream), declarations, available);
    };
    const deviceModel = (state, candidate, chosen) => {
        const entry = state.payload.device?.models.find((model) => model.name === candidate.model);
        if (!entry || !state.payload.device)
            return Promise.reject(new Error(`the device model ${candidate.model} has no file in the bundle`));
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
            const onText = (delta) => {
                text += delta;
                runOptions.onText?.(delta);
            };
            if (decision.where === 'device') {
                const chosen = (await deviceBackend());
                let model;
                try {
                    model = await deviceModel(state, decision.decision.candidates[0], chosen);
                }
                catch (error) {
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
                        }).then(() => true, () => false);
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
            if (decision.where === 'refused')
                throw decision.error ?? new GatewayError('policy_denied');
            let ttftMs;
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
//# sourceMappingURL=create-edge-client.js.map