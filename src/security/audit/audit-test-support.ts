import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEntry } from './audit-entry.ts';

/** A fresh temporary state directory. */
export function temporaryHome(): string {
  return mkdtempSync(join(tmpdir(), 'sovereign-audit-'));
}

/** A plausible audit entry for request number `index`; outcomes and profiles vary with it. */
export function sampleEntry(index: number): AuditEntry {
  const outcome = (['ok', 'ok', 'refused', 'failed'] as const)[index % 4]!;
  return {
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, index)).toISOString(),
    requestId: `req_${index}`,
    tenant: index % 3 === 0 ? 'acme' : 'globex',
    keyId: `key_${index % 5}`,
    ...(index % 2 === 0 ? { principalCountry: 'DE' } : {}),
    profile: {
      classification: index % 7 === 0 ? 'CUI' : 'UNCLASSIFIED',
      personalKinds: index % 2 === 0 ? ['phone', 'email'] : [],
      secretKinds: index % 11 === 0 ? ['jwt'] : [],
      markings: index % 7 === 0 ? ['CUI'] : [],
    },
    ...(outcome === 'ok' ? { decisionId: `dec_${index}`, provider: 'mistral-fr', jurisdiction: 'FR', model: 'mistral-large' } : {}),
    outcome,
    status: outcome === 'ok' ? 200 : outcome === 'refused' ? 403 : 502,
    ...(outcome === 'refused' ? { errorCode: 'policy_denied' } : outcome === 'failed' ? { errorCode: 'upstream_error' } : {}),
    tokens: { input: 100 + index, output: outcome === 'ok' ? 40 : 0, cachedInput: 0 },
    costUsd: outcome === 'ok' ? 0.000125 * (index + 1) : 0,
  };
}
