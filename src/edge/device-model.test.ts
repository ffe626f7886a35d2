import { describe, expect, it } from 'vitest';
import { detectDeviceBackend } from './device-model.ts';

describe('detectDeviceBackend', () => {
  it('uses WebGPU only when requestAdapter() gives a real adapter', async () => {
    expect(await detectDeviceBackend({ navigator: { gpu: { requestAdapter: async () => ({ features: new Set() }) } } })).toBe('webgpu');
  });

  it.each([
    ['navigator.gpu exists but requestAdapter() resolves to null (headless, no GPU)', { navigator: { gpu: { requestAdapter: async () => null } } }],
    ['requestAdapter() rejects', { navigator: { gpu: { requestAdapter: async () => Promise.reject(new Error('blocked')) } } }],
    ['there is no navigator.gpu', { navigator: {} }],
    ['there is no navigator', {}],
  ])('falls back to WebAssembly when %s', async (_name, environment) => {
    expect(await detectDeviceBackend(environment as never)).toBe('wasm');
  });
});
