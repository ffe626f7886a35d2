import { api } from '../api.ts';
import { h, replace, table } from '../dom.ts';
import { usd } from '../format.ts';
import { failure } from './view.ts';

interface Candidate {
  rank: number;
  provider: string;
  model: string;
  tier: string;
  jurisdiction: string;
  operator: { name: string; country: string };
  score: number;
  estimated_cost_usd: number;
}

interface ExplainedDecision {
  id: string;
  requested_model: string;
  strategy: string;
  candidates: Candidate[];
  policies?: string[];
  excluded?: Array<{ providerId: string; model: string; reasons: Array<{ policy: string; reason: string }> }>;
  explanation?: string;
  attempts: Array<{ providerId: string; model: string; outcome: string; code?: string; error?: string }>;
}

/** Opens a decision's explanation (`GET /v1/decisions/:id` as the dashboard reads it) in `panel`. */
export async function openDecision(panel: HTMLElement, id: string): Promise<void> {
  replace(panel, h('p', {}, 'Loading decision ', id, '…'));
  try {
    const decision = await api<ExplainedDecision>(`/decisions/${encodeURIComponent(id)}`);
    replace(
      panel,
      h('h3', {}, 'Decision ', h('code', {}, decision.id)),
      h('p', {}, `Requested ${decision.requested_model}, strategy ${decision.strategy}; policies in force: ${(decision.policies ?? []).join(', ') || 'none'}.`),
      h('h4', {}, 'Candidates, best first'),
      table<Candidate>(
        [
          { title: '#', cell: (row) => row.rank, numeric: true },
          { title: 'Provider', cell: (row) => row.provider },
          { title: 'Model', cell: (row) => row.model },
          { title: 'Tier', cell: (row) => row.tier },
          { title: 'Jurisdiction', cell: (row) => row.jurisdiction },
          { title: 'Operator', cell: (row) => `${row.operator.name} (${row.operator.country})` },
          { title: 'Estimate', cell: (row) => usd(row.estimated_cost_usd), numeric: true },
        ],
        decision.candidates,
      ),
      h('h4', {}, 'Attempts'),
      h('ul', {}, decision.attempts.map((attempt) => h('li', {}, `${attempt.providerId} (${attempt.model}): ${attempt.outcome}${attempt.code ? ` ${attempt.code}` : ''}`))),
      decision.explanation ? h('pre', { class: 'explanation', 'data-testid': 'explanation' }, decision.explanation) : null,
    );
  } catch (error) {
    replace(panel, failure(error));
  }
}
