// The /ui/edge demo: the browser SDK served by this gateway at /sdk/edge.js (with its public key written in).
import { createEdgeClient } from '/sdk/edge.js';

const $ = (id) => document.getElementById(id);
const state = { client: undefined, bundle: undefined, lastDecision: undefined, lastResult: undefined, lastError: undefined, busy: false };
window.sovereignDemo = state;

function setStatus(text, kind) {
  $('status').textContent = text;
  $('status').className = kind ?? '';
}

function request() {
  return {
    model: $('model').value.trim() || 'auto',
    messages: [{ role: 'user', content: $('prompt').value }],
    maxTokens: Number($('max').value) || 48,
    temperature: 0,
  };
}

function showDecision(decision) {
  state.lastDecision = decision;
  $('where').textContent = decision.where === 'device' ? 'on this device' : decision.where === 'gateway' ? 'at the gateway' : 'refused';
  $('where').className = `where ${decision.where}`;
  $('reason').textContent = decision.reason;
  $('explanation').textContent = `Data profile: ${decision.profile.classification}`
    + (decision.profile.personalData.length ? `, personal data (${decision.profile.personalData.map((item) => item.kind).join(', ')})` : '')
    + (decision.profile.secrets.length ? `, secrets (${decision.profile.secrets.map((item) => item.kind).join(', ')})` : '')
    + `\n\n${decision.explanation}`;
}

async function connect() {
  const edgeKey = $('key').value.trim();
  if (!edgeKey) return setStatus('Paste an edge key to start.');
  setStatus('Fetching and verifying the signed policy bundle...');
  state.client = createEdgeClient({ edgeKey });
  try {
    const bundle = await state.client.ready();
    state.bundle = bundle;
    const backend = await state.client.backend();
    setStatus(`Bundle verified (ML-DSA-65): tenant ${bundle.tenant}, ${bundle.policies.length + bundle.tenantPolicies.length} policies, `
      + `${bundle.providers.length} providers, valid until ${new Date(bundle.expiresAt).toLocaleTimeString()}. `
      + `Device: ${bundle.device ? (backend ? `${backend === 'webgpu' ? 'WebGPU' : 'WebAssembly (CPU)'}, models ${bundle.device.models.map((model) => model.name).join(', ')}` : 'cannot run models') : 'no device models for this tenant'}.`, 'ok');
    $('decide').disabled = false;
    $('run').disabled = false;
  } catch (error) {
    state.lastError = { name: error.name, code: error.code, message: error.message };
    setStatus(`Refused: ${error.message} Nothing will run (fail closed).`, 'bad');
    $('decide').disabled = true;
    $('run').disabled = true;
  }
}

$('decide').addEventListener('click', async () => {
  try {
    showDecision(await state.client.decide(request()));
  } catch (error) {
    state.lastError = { name: error.name, code: error.code, message: error.message };
    setStatus(error.message, 'bad');
  }
});

$('run').addEventListener('click', async () => {
  if (state.busy) return;
  state.busy = true;
  state.lastResult = undefined;
  state.lastError = undefined;
  $('run').disabled = true;
  $('output').textContent = '';
  $('stats').textContent = '';
  $('source').textContent = '';
  try {
    const result = await state.client.run(request(), {
      onDecision: (decision) => {
        showDecision(decision);
        $('source').textContent = decision.where === 'device' ? '(generating on this device...)' : decision.where === 'gateway' ? '(streaming from the gateway...)' : '';
      },
      onText: (text) => {
        $('output').textContent += text;
      },
    });
    state.lastResult = result;
    $('source').textContent = result.where === 'device'
      ? `from this device: ${result.model} on ${result.backend === 'webgpu' ? 'WebGPU' : 'WebAssembly'}`
      : `from the gateway: provider ${result.provider}`;
    const seconds = result.totalMs / 1000;
    $('stats').textContent = `${result.inputTokens ?? '?'} input and ${result.outputTokens ?? '?'} output tokens`
      + (result.ttftMs === undefined ? '' : `, first token after ${Math.round(result.ttftMs)} ms`)
      + (result.outputTokens ? `, ${(result.outputTokens / seconds).toFixed(0)} tokens/s` : '')
      + (result.where === 'device' ? (result.usageReported ? '; counts reported to the ledger (never the text)' : '; usage not reported') : '');
  } catch (error) {
    state.lastError = { name: error.name, code: error.code, message: error.message };
    $('source').textContent = '';
    $('output').textContent = `Refused: ${error.message}`;
  } finally {
    state.busy = false;
    $('run').disabled = false;
  }
});

$('key').addEventListener('change', connect);
const fromQuery = new URLSearchParams(location.search).get('key');
if (fromQuery) {
  $('key').value = fromQuery;
  history.replaceState(null, '', location.pathname);
}
if ($('key').value) void connect();
