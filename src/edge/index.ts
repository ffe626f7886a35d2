/**
 * Sovereign's browser SDK: the gateway's detectors, policy evaluation and router in the page, a signed
 * policy-and-catalog bundle verified before use, on-device inference (WebGPU or WebAssembly through wllama) and
 * a gateway client. Served bundled at `/sdk/edge.js`; importable by bundlers from `src/edge/index.ts`.
 */
export { createEdgeClient, type EdgeClient, type EdgeClientOptions, type EdgeRunOptions, type EdgeRunResult } from './create-edge-client.ts';
export { createEdgeRouter, type EdgeDecision, type EdgeDeclarations, type EdgeRouter } from './edge-router.ts';
export {
  EdgeBundleError,
  edgeBundleFormat,
  verifyEdgeBundle,
  type EdgeBundleErrorCode,
  type EdgeBundlePayload,
  type EdgeDeviceModel,
  type SignedEdgeBundle,
} from './edge-bundle.ts';
export { detectDeviceBackend, type DeviceBackend } from './device-model.ts';
export { GatewayResponseError } from './gateway-client.ts';
export type { EdgeChatRequest } from './edge-request.ts';
export { GatewayError } from '../core/errors/gateway-error.ts';
