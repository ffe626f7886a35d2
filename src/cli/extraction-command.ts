import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { parseCaseId } from '../security/extraction/extraction-case.ts';
import type { StoredExtractionCase } from '../store/extraction-case-repository.ts';
import { databaseFile, formatTable, processIo, type CommandIo } from './keys-command.ts';
import { openCliStores } from './open-cli-stores.ts';

const help = `Usage:
  sovereign extraction list [--all] [--tenant T]      cases in force, harshest first (--all: also lifted ones)
  sovereign extraction show CASE                      one case: action, score, reasons, signals, group, hashes
  sovereign extraction clear CASE [--exempt-hours H]  lift a case; the running gateway applies (and audits) it
                                                      within extraction.syncIntervalMs, or at its next start

  CASE is key:ID, tenant:NAME or network:HASH; a bare ID means key:ID.
  The extraction guard's cases are kept in the gateway's database, so they survive restarts.

Common: --home DIR (default SOVEREIGN_HOME or ./.sovereign; the database is DIR/sovereign.db, or the Postgres
        database of SOVEREIGN_DATABASE_URL when set), --json`;

class UsageError extends Error {}

const time = (ms: number) => (ms > 0 ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') : '-');

/** `key:ID`, `tenant:NAME`, `network:HASH`, or a bare key id. */
function caseIdOf(text: string | undefined): string {
  if (text === undefined || text.trim() === '') throw new UsageError('name a case: key:ID, tenant:NAME or network:HASH');
  const parsed = parseCaseId(text);
  if (parsed) return text;
  if (/^(key|tenant|network):$/.test(text) || /^[a-z]+:/.test(text)) throw new UsageError(`"${text}" is not a case: use key:ID, tenant:NAME or network:HASH`);
  return `key:${text}`;
}

/** The JSON view of a stored case (what `--json` prints). */
function caseView(stored: StoredExtractionCase) {
  const found = stored.case;
  return {
    id: found.id,
    kind: found.kind,
    subject: found.subject,
    ...(found.tenant === undefined ? {} : { tenant: found.tenant }),
    action: found.action,
    score: found.score,
    since: time(found.since),
    updated_at: time(found.updatedAt),
    changed_by: stored.changedBy,
    ...(stored.exemptUntil > 0 ? { exempt_until: time(stored.exemptUntil) } : {}),
    ...(stored.clearRequest ? { clear_requested: { by: stored.clearRequest.by, at: time(stored.clearRequest.at), exempt_hours: stored.clearRequest.exemptHours } } : {}),
    evidence: found.evidence,
  };
}

function listTable(cases: readonly StoredExtractionCase[]): string {
  return formatTable(
    ['CASE', 'TENANT', 'ACTION', 'SCORE', 'SINCE', 'REQUESTS', 'GROUP', 'WHY'],
    cases.map((stored) => {
      const found = stored.case;
      const group = found.evidence.cluster;
      return [
        found.id,
        found.tenant ?? '-',
        stored.clearRequest ? `${found.action} (clear pending)` : found.action,
        found.score.toFixed(2),
        time(found.since),
        String(found.evidence.requests),
        group ? `${group.keys} keys/${group.tenants} tenants` : '-',
        found.evidence.reasons[0] ?? (found.action === 'none' ? `cleared by ${stored.changedBy}` : '-'),
      ];
    }),
  );
}

function showText(stored: StoredExtractionCase): string {
  const found = stored.case;
  const evidence = found.evidence;
  const lines = [
    `Case:       ${found.id}${found.tenant === undefined ? '' : ` (tenant ${found.tenant})`}`,
    `Action:     ${found.action} since ${time(found.since)} (by ${stored.changedBy})`,
    `Score:      ${found.score.toFixed(3)}${found.kind === 'key' ? ` (own ${evidence.ownScore.toFixed(3)})` : ''}`,
    `Requests:   ${evidence.requests}`,
    `Updated:    ${time(found.updatedAt)}`,
  ];
  if (stored.exemptUntil > 0) lines.push(`Exempt:     until ${time(stored.exemptUntil)}`);
  if (stored.clearRequest) lines.push(`Clear:      asked by ${stored.clearRequest.by} at ${time(stored.clearRequest.at)}; waiting for the gateway to apply it`);
  lines.push('', 'Why:');
  lines.push(...(evidence.reasons.length > 0 ? evidence.reasons.map((reason) => `  - ${reason}`) : ['  (no reasons recorded)']));
  const features = Object.entries(evidence.features);
  if (features.length > 0) lines.push('', 'Signals:', ...features.map(([name, value]) => `  ${name.padEnd(28)} ${value}`));
  if (evidence.cluster) {
    const group = evidence.cluster;
    const shared = Object.entries(group.shared)
      .filter(([, count]) => count > 0)
      .map(([kind, count]) => `${kind} with ${count}`)
      .join(', ');
    lines.push('', `Group:      ${group.id}: ${group.keys} keys over ${group.tenants} tenants, score ${group.score.toFixed(3)}`, `  shares:   ${shared || '-'}`, `  keys:     ${group.sample.join(' ')}${group.keys > group.sample.length ? ' ...' : ''}`);
  }
  const hashes = evidence.hashes;
  lines.push('', 'Evidence hashes (HMAC-SHA-256 under the gateway key):');
  if (hashes.template !== undefined) lines.push(`  template     ${hashes.template}`);
  lines.push(`  networks     ${hashes.networks.join(' ') || '-'}`, `  user agents  ${hashes.userAgents.join(' ') || '-'}`, `  systems      ${hashes.systems.join(' ') || '-'}`);
  return `${lines.join('\n')}\n`;
}

/**
 * `sovereign extraction`: the extraction guard's cases, read from the gateway's database (SQLite under `--home`,
 * or Postgres); `clear` files a request the running gateway applies and audits (or applies at its next start).
 */
export async function extractionCommand(argv: string[], io: CommandIo = processIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        home: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        all: { type: 'boolean' },
        tenant: { type: 'string' },
        'exempt-hours': { type: 'string' },
      },
    });
  } catch (error) {
    io.err(`sovereign extraction: ${(error as Error).message}\n\n${help}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [action, target, ...extra] = positionals;
  if (values.help || action === undefined || action === 'help') {
    (values.help || action === 'help' ? io.out : io.err)(`${help}\n`);
    return values.help || action === 'help' ? 0 : 2;
  }
  let id: string | undefined;
  let exemptHours = 0;
  try {
    if (!['list', 'show', 'clear'].includes(action)) throw new UsageError(`unknown action "${action}" (list, show or clear)`);
    if (extra.length > 0 || (action === 'list' && target !== undefined)) throw new UsageError(`unexpected argument "${action === 'list' ? target : extra[0]}"`);
    if (action !== 'list') id = caseIdOf(target);
    if (values['exempt-hours'] !== undefined) {
      if (action !== 'clear') throw new UsageError('--exempt-hours goes with clear');
      exemptHours = Number(values['exempt-hours']);
      if (values['exempt-hours'].trim() === '' || !Number.isFinite(exemptHours) || exemptHours < 0 || exemptHours > 8760) throw new UsageError(`--exempt-hours must be a number of hours from 0 to 8760, not "${values['exempt-hours']}"`);
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`sovereign extraction: ${error.message}\n\n${help}\n`);
    return 2;
  }

  let stores;
  try {
    stores = await openCliStores(databaseFile(values.home, io.env), io.env);
  } catch (error) {
    io.err(`sovereign extraction: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    const repository = stores.extractionCases;
    if (action === 'list') {
      const cases = (await repository.list()).filter((stored) => (values.all || stored.case.action !== 'none' || stored.clearRequest) && (values.tenant === undefined || stored.case.tenant === values.tenant));
      if (values.json) io.out(`${JSON.stringify(cases.map(caseView), null, 2)}\n`);
      else if (cases.length === 0) io.out(values.all ? 'No extraction cases recorded.\n' : 'No extraction cases in force.\n');
      else io.out(listTable(cases));
      return 0;
    }
    const stored = await repository.get(id!);
    if (!stored) {
      io.err(`sovereign extraction: no case "${id}" (sovereign extraction list --all shows every case)\n`);
      return 1;
    }
    if (action === 'show') {
      io.out(values.json ? `${JSON.stringify(caseView(stored), null, 2)}\n` : showText(stored));
      return 0;
    }
    const by = `cli:${safeUser()}`;
    await repository.requestClear(id!, { by, exemptHours, at: Date.now() });
    const after = (await repository.get(id!))!;
    if (values.json) io.out(`${JSON.stringify(caseView(after), null, 2)}\n`);
    else {
      const was = stored.case.action === 'none' ? 'has no action in force' : `was ${stored.case.action}`;
      io.out(
        `Clear of ${id} filed as ${by} (${was}${exemptHours > 0 ? `; no action for ${exemptHours} h after` : ''}).\n` +
          'A running gateway applies it within extraction.syncIntervalMs (default 5 s) and records it in the audit log; a stopped one at its next start.\n',
      );
    }
    return 0;
  } finally {
    await stores.close();
  }
}

function safeUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
