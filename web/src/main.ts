import './style.css';
import { ApiError, currentSession, login, logout, resume, whenLoggedOut } from './api.ts';
import { disposeCharts } from './charts.ts';
import { h, replace } from './dom.ts';
import { auditView } from './views/audit.ts';
import { extractionView } from './views/extraction.ts';
import { keysView } from './views/keys.ts';
import { liveView } from './views/live.ts';
import { providersView } from './views/providers.ts';
import { refusalsView } from './views/refusals.ts';
import { simulatorView } from './views/simulator.ts';
import { spendView } from './views/spend.ts';
import { trafficView } from './views/traffic.ts';
import { failure, type View } from './views/view.ts';

const views: Array<{ path: string; title: string; view: View }> = [
  { path: 'live', title: 'Live', view: liveView },
  { path: 'traffic', title: 'Traffic', view: trafficView },
  { path: 'spend', title: 'Spend', view: spendView },
  { path: 'refusals', title: 'Refusals', view: refusalsView },
  { path: 'providers', title: 'Providers', view: providersView },
  { path: 'simulator', title: 'Simulator', view: simulatorView },
  { path: 'audit', title: 'Audit', view: auditView },
  { path: 'keys', title: 'Keys', view: keysView },
  { path: 'extraction', title: 'Extraction', view: extractionView },
];

const app = document.getElementById('app')!;
let leave: (() => void) | undefined;

function showLogin(message?: string): void {
  leave?.();
  leave = undefined;
  disposeCharts();
  const key = h('input', { type: 'password', autocomplete: 'off', required: true, 'data-testid': 'login-key', placeholder: 'sk-...' });
  const problem = h('div', {});
  replace(
    app,
    h(
      'main',
      { class: 'login' },
      h('h1', {}, 'Sovereign'),
      h('p', {}, 'Log in with an API key that has the admin scope. The key is sent once; the session lives in an HttpOnly cookie.'),
      message ? h('p', { class: 'hint' }, message) : null,
      h(
        'form',
        {
          onsubmit: async (event: Event) => {
            event.preventDefault();
            try {
              await login(key.value);
              key.value = '';
              if (!location.hash || location.hash === '#/') location.hash = '#/live';
              route();
            } catch (error) {
              replace(problem, failure(error instanceof ApiError && error.status === 403 ? 'This key has no admin scope.' : error));
            }
          },
        },
        h('label', {}, 'Admin key ', key),
        h('button', { type: 'submit', 'data-testid': 'login-submit' }, 'Log in'),
      ),
      problem,
    ),
  );
}

function route(): void {
  const session = currentSession();
  if (!session) return showLogin();
  const path = location.hash.replace(/^#\/?/, '') || 'live';
  const current = views.find((view) => view.path === path) ?? views[0]!;
  leave?.();
  leave = undefined;
  disposeCharts();
  const content = h('main', { class: 'content', 'data-view': current.path });
  replace(
    app,
    h(
      'header',
      {},
      h('h1', {}, 'Sovereign'),
      h('nav', {}, views.map((view) => h('a', { href: `#/${view.path}`, class: view === current ? 'active' : undefined, 'data-nav': view.path }, view.title))),
      h(
        'span',
        { class: 'who' },
        `${session.keyName ?? session.keyId} · ${session.operator ? 'operator' : `tenant ${session.tenant}`} `,
        h('button', { type: 'button', 'data-testid': 'logout', onclick: async () => (await logout(), showLogin('Logged out.')) }, 'Log out'),
      ),
    ),
    content,
  );
  void Promise.resolve(current.view(content)).then(
    (cleanup) => {
      if (typeof cleanup === 'function') leave = cleanup;
    },
    (error: unknown) => content.append(failure(error)),
  );
}

whenLoggedOut(() => showLogin('Your session ended. Log in again.'));
window.addEventListener('hashchange', route);
void resume().then((session) => (session ? route() : showLogin()));
