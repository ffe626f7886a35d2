import { api, currentSession } from '../api.ts';
import { h, replace, table } from '../dom.ts';
import { time } from '../format.ts';
import { failure, type View } from './view.ts';

interface KeyView {
  id: string;
  tenant: string;
  name: string;
  prefix: string;
  status: string;
  scopes: string[];
  models: string[] | null;
  budgets: { usd_per_day: number | null; usd_per_month: number | null };
  rate_limits: { requests_per_minute: number | null; tokens_per_minute: number | null };
  created_at: string;
  secret?: string;
}

const optionalNumber = (input: HTMLInputElement) => (input.value.trim() === '' ? undefined : Number(input.value));

/** Virtual keys through the admin API: list, create (the secret shown once), revoke, rotate; budgets and rate limits. */
export const keysView: View = async (root) => {
  const listing = h('div', { 'data-testid': 'key-list' });
  const secretBox = h('div', { 'data-testid': 'secret-box' });
  const showSecret = (key: KeyView, verb: string) =>
    replace(
      secretBox,
      h(
        'div',
        { class: 'secret', role: 'alert' },
        h('p', {}, `${verb} ${key.name} (${key.id}). Copy the secret now: it is not shown again.`),
        h('code', { 'data-testid': 'new-secret' }, key.secret ?? ''),
        h('button', { type: 'button', onclick: () => replace(secretBox) }, 'Done'),
      ),
    );
  const refresh = async () => {
    let keys: KeyView[];
    try {
      keys = (await api<{ data: KeyView[] }>('/admin/keys?include_revoked=true')).data;
    } catch (error) {
      replace(listing, failure(error));
      return;
    }
    replace(
      listing,
      table<KeyView>(
        [
          { title: 'Name', cell: (row) => row.name },
          { title: 'Id', cell: (row) => h('code', {}, row.id) },
          { title: 'Tenant', cell: (row) => row.tenant },
          { title: 'Status', cell: (row) => row.status },
          { title: 'Scopes', cell: (row) => row.scopes.join(', ') },
          { title: 'Models', cell: (row) => row.models?.join(', ') ?? 'all' },
          { title: 'Budget/day', cell: (row) => (row.budgets.usd_per_day === null ? '–' : `$${row.budgets.usd_per_day}`), numeric: true },
          { title: 'Req/min', cell: (row) => row.rate_limits.requests_per_minute ?? '–', numeric: true },
          { title: 'Created', cell: (row) => time(row.created_at) },
          {
            title: '',
            cell: (row) =>
              row.status === 'active'
                ? [
                    h('button', { type: 'button', 'data-action': 'rotate', onclick: async () => (showSecret(await api<KeyView>(`/admin/keys/${row.id}/rotate`, { method: 'POST', body: {} }), 'Rotated'), void refresh()) }, 'Rotate'),
                    h('button', { type: 'button', class: 'danger', 'data-action': 'revoke', onclick: async () => (await api(`/admin/keys/${row.id}/revoke`, { method: 'POST', body: {} }), void refresh()) }, 'Revoke'),
                  ]
                : null,
          },
        ],
        keys,
        (row) => ({ 'data-key-id': row.id, 'data-key-name': row.name, 'data-status': row.status }),
      ),
    );
  };
  const name = h('input', { type: 'text', required: true, maxlength: 100, 'data-testid': 'key-name', placeholder: 'billing service' });
  const scopes = h('select', { 'data-testid': 'key-scopes' }, h('option', { value: '*' }, 'model endpoints (*)'), h('option', { value: 'chat' }, 'chat only'), h('option', { value: 'admin' }, 'admin (own tenant)'));
  const models = h('input', { type: 'text', placeholder: 'gpt-4o*, claude-*', 'data-testid': 'key-models' });
  const perDay = h('input', { type: 'number', min: 0, step: 'any', 'data-testid': 'key-budget-day' });
  const perMinute = h('input', { type: 'number', min: 1, step: 1, 'data-testid': 'key-rpm' });
  const tenant = h('input', { type: 'text', value: currentSession()?.tenant ?? 'default', disabled: !currentSession()?.operator, 'data-testid': 'key-tenant' });
  const problem = h('div', {});
  const create = async () => {
    replace(problem);
    const patterns = models.value.split(',').map((item) => item.trim()).filter(Boolean);
    const usdPerDay = optionalNumber(perDay);
    const requestsPerMinute = optionalNumber(perMinute);
    try {
      const created = await api<KeyView>('/admin/keys', {
        method: 'POST',
        body: {
          name: name.value,
          scopes: [scopes.value],
          ...(currentSession()?.operator ? { tenant: tenant.value } : {}),
          ...(patterns.length ? { models: patterns } : {}),
          ...(usdPerDay === undefined ? {} : { budgets: { usd_per_day: usdPerDay } }),
          ...(requestsPerMinute === undefined ? {} : { rate_limits: { requests_per_minute: requestsPerMinute } }),
        },
      });
      showSecret(created, 'Created');
      name.value = '';
      await refresh();
    } catch (error) {
      replace(problem, failure(error));
    }
  };
  replace(
    root,
    h('h2', {}, 'Keys'),
    h(
      'form',
      { class: 'create-key', onsubmit: (event: Event) => (event.preventDefault(), void create()) },
      h('label', {}, 'Name ', name),
      h('label', {}, 'Scope ', scopes),
      h('label', {}, 'Models ', models),
      h('label', {}, 'Budget USD/day ', perDay),
      h('label', {}, 'Requests/min ', perMinute),
      h('label', {}, 'Tenant ', tenant),
      h('button', { type: 'submit', 'data-testid': 'key-create' }, 'Create key'),
    ),
    problem,
    secretBox,
    listing,
  );
  await refresh();
};
