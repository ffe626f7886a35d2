/**
 * Sovereign's browser SDK: the gateway's detectors, policy evaluation and router in the page, a signed
 * policy-and-catalog bundle verified before use, on-device inference (WebGPU or WebAssembly through wllama) and
 * a gateway client. Served bundled at `/sdk/edge.js`; importable by bundlers from `src/edge/index.ts`.
 */
export { createEdgeClient } from "./create-edge-client.js";
export { createEdgeRouter } from "./edge-router.js";
export { EdgeBundleError, edgeBundleFormat, verifyEdgeBundle, } from "./edge-bundle.js";
export { detectDeviceBackend } from "./device-model.js";
export { GatewayResponseError } from "./gateway-client.js";
export { GatewayError } from "../core/errors/gateway-error.js";
//# sourceMappingURL=index.js.map