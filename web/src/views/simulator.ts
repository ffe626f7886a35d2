import { api, ApiError, currentSession } from '../api.ts';
import { h, replace } from '../dom.ts';
import { failure, type View } from './view.ts';

interface Simulated {
  routed: boolean;
  tenant: string;
  explanation?: string;
  decision?: { candidates: Array<{ providerId: string; model: string }> };
  error?: { code: string; status: number; message: string; policies: string[] };
  profile?: { classification: string; personalData: Array<{ kind: string; count: number }>; secrets: Array<{ kind: string; count: number }> };
  policies?: string[];
}

const examples: Record<'openai' | 'anthropic', string> = {
  openai: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'Write to anna.schmidt@example.de about the offer.' }] }, null, 2),
  anthropic: JSON.stringify({ model: 'auto', max_tokens: 256, messages: [{ role: 'user', content: 'SECRET//NOFORN\nSummarise the plan.' }] }, null, 2),
};

/** Parses `name: value` lines. */
function headerLines(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** The policy simulator: a request in either dialect and its headers, and what the gateway would decide; nothing is sent. */
export const simulatorView: View = (root) => {
  const dialect = h('select', { 'data-testid': 'sim-dialect' }, h('option', { value: 'openai' }, 'OpenAI chat completions'), h('option', { value: 'anthropic' }, 'Anthropic messages'));
  const body = h('textarea', { rows: 10, spellcheck: false, 'data-testid': 'sim-body' });
  body.value = examples.openai;
  dialect.addEventListener('change', () => (body.value = examples[dialect.value as 'openai' | 'anthropic']));
  const headers = h('textarea', { rows: 3, spellcheck: false, 'data-testid': 'sim-headers', placeholder: 'x-sovereign-residency: FR' });
  const tenant = h('input', { type: 'text', 'data-testid': 'sim-tenant', value: currentSession()?.tenant ?? 'default', disabled: !currentSession()?.operator });
  const result = h('section', { class: 'panel', 'data-testid': 'sim-result' });
  const run = async () => {
    replace(result, h('p', {}, 'Simulating…'));
    try {
      const outcome = await api<Simulated>('/simulate', {
        method: 'POST',
        body: { dialect: dialect.value, body: body.value, headers: headerLines(headers.value), tenant: tenant.value },
      });
      const profile = outcome.profile;
      replace(
        result,
        h('p', { class: outcome.routed ? 'verdict ok' : 'verdict refused', 'data-testid': 'sim-verdict' }, outcome.routed ? `Routed (tenant ${outcome.tenant})` : `Refused: ${outcome.error?.status} ${outcome.error?.code}`),
        profile
          ? h('p', {}, `Profile: ${profile.classification}; found ${[...profile.personalData, ...profile.secrets].map((item) => `${item.kind} ×${item.count}`).join(', ') || 'nothing'}.`)
          : null,
        outcome.error ? h('p', {}, outcome.error.message, outcome.error.policies.length ? ` Policies: ${outcome.error.policies.join(', ')}.` : '') : null,
        outcome.explanation ? h('pre', { class: 'explanation', 'data-testid': 'sim-explanation' }, outcome.explanation) : null,
      );
    } catch (error) {
      replace(result, failure(error instanceof ApiError ? `${error.status} ${error.code ?? ''}: ${error.message}` : error));
    }
  };
  replace(
    root,
    h('h2', {}, 'Policy simulator'),
    h('p', { class: 'hint' }, 'Paste a request as a client would send it. The gateway profiles it, applies the policies and asks the router, exactly as for a real request; nothing is sent to any provider.'),
    h(
      'form',
      { class: 'simulator', onsubmit: (event: Event) => (event.preventDefault(), void run()) },
      h('label', {}, 'Dialect ', dialect),
      h('label', { class: 'wide' }, 'Body', body),
      h('label', { class: 'wide' }, 'Headers (x-sovereign-classification, -residency, -labels, -strategy; one per line)', headers),
      h('label', {}, 'Tenant ', tenant),
      h('button', { type: 'submit', 'data-testid': 'sim-run' }, 'Simulate'),
    ),
    result,
  );
};
