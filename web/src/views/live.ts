import { h, replace } from '../dom.ts';
import { clock, milliseconds, usd } from '../format.ts';
import { openDecision } from './decision-panel.ts';
import type { View } from './view.ts';

interface FeedEvent {
  seq: number;
  time: number;
  requestId: string;
  decisionId: string | null;
  tenant: string | null;
  status: number;
  outcome: string;
  errorCode: string | null;
  model: string | null;
  provider: string | null;
  jurisdiction: string | null;
  tier: string | null;
  refusedBy: string[];
  classification: string | null;
  dataKinds: string[];
  cache: string | null;
  costUsd: number;
  latencyMs: number;
}

const maxRows = 200;

/** The live decision stream: every request as it completes (server-sent events), newest first; a row opens its decision. */
export const liveView: View = (root) => {
  const body = h('tbody', { 'data-testid': 'live-rows' });
  const panel = h('section', { class: 'panel', 'data-testid': 'decision-panel' }, h('p', { class: 'hint' }, 'Choose a request to see why it went where it went.'));
  const status = h('span', { class: 'status', 'data-testid': 'stream-status' }, 'connecting…');
  replace(
    root,
    h('h2', {}, 'Live decisions ', status),
    h(
      'div',
      { class: 'split' },
      h(
        'table',
        { class: 'live' },
        h('thead', {}, h('tr', {}, ['Time', 'Status', 'Model', 'Provider', 'Where', 'Tier', 'Data', 'Policy', 'Cost', 'Latency'].map((title) => h('th', {}, title)))),
        body,
      ),
      panel,
    ),
  );
  const source = new EventSource('/ui/api/stream');
  source.addEventListener('ready', () => {
    status.textContent = 'live';
    status.className = 'status live';
  });
  source.addEventListener('error', () => {
    status.textContent = 'reconnecting…';
    status.className = 'status';
  });
  source.addEventListener('request', (message) => {
    const event = JSON.parse((message as MessageEvent<string>).data) as FeedEvent;
    const refused = event.refusedBy.length > 0;
    const row = h(
      'tr',
      {
        class: refused ? 'refused' : event.outcome === 'ok' ? '' : 'failed',
        'data-request-id': event.requestId,
        'data-decision-id': event.decisionId ?? '',
        tabindex: event.decisionId ? 0 : undefined,
        onclick: () => {
          if (event.decisionId) void openDecision(panel, event.decisionId);
        },
      },
      h('td', {}, clock(event.time)),
      h('td', {}, `${event.status}${event.errorCode ? ` ${event.errorCode}` : ''}${event.cache === 'hit' ? ' (cache)' : ''}`),
      h('td', {}, event.model ?? '–'),
      h('td', {}, event.provider ?? '–'),
      h('td', {}, event.jurisdiction ?? '–'),
      h('td', {}, event.tier ?? '–'),
      h('td', {}, [event.classification, ...event.dataKinds].filter(Boolean).join(', ')),
      h('td', {}, event.refusedBy.join(', ')),
      h('td', { class: 'numeric' }, usd(event.costUsd)),
      h('td', { class: 'numeric' }, milliseconds(event.latencyMs)),
    );
    body.prepend(row);
    while (body.children.length > maxRows) body.lastElementChild?.remove();
  });
  return () => source.close();
};
