import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfigFile } from '../server/config/load-config.ts';
import { resolveStoreUrls } from '../server/config/store-urls.ts';
import { checkLocalAuditChain, checkSigningKey } from './check-audit.ts';
import { checkProviders } from './check-providers.ts';
import { checkStateDatabase } from './check-state-database.ts';
import { formatDoctorCheck, type DoctorCheck } from './doctor-check.ts';

const usage = `Usage: sovereign doctor [--config FILE] [--home DIR] [--timeout MS]

Checks the configuration, each provider (reachable, key accepted: one model-list call each), the databases (the
state directory's SQLite file, and Postgres and Redis when set), the audit signing key and the audit chain, and
says what to do about each problem. Exit 0 when all is well, 1 when a check fails, 78 for an invalid file.

  --config FILE   configuration (default: SOVEREIGN_CONFIG or config/default.yaml)
  --home DIR      state directory (default: SOVEREIGN_HOME or ./.sovereign)
  --timeout MS    how long each provider and database may take to answer (default 5000)`;

/** `sovereign doctor`: every check, one report; returns the exit code. */
export async function doctorCommand(argv: string[]): Promise<number> {
  let values: { config?: string; home?: string; timeout?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { config: { type: 'string' }, home: { type: 'string' }, timeout: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const timeoutMs = values.timeout === undefined ? 5_000 : Number(values.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    process.stderr.write(`sovereign doctor: --timeout must be a positive whole number of milliseconds\n`);
    return 2;
  }
  const file = values.config ?? process.env.SOVEREIGN_CONFIG ?? 'config/default.yaml';
  const home = resolve(values.home ?? process.env.SOVEREIGN_HOME ?? '.sovereign');
  try {
    const loaded = loadConfigFile(file);
    const providers = loaded.config.providers;
    process.stdout.write(`ok: ${file}\n`);
    process.stdout.write(`  ${providers.length} providers (${providers.filter((provider) => provider.simulated).length} simulated)\n`);
    for (const skipped of loaded.skippedProviders) process.stdout.write(`  off: ${skipped.id} (needs ${skipped.missing.join(', ')})\n`);
    const [major, minor] = process.versions.node.split('.').map(Number);
    if ((major ?? 0) < 20 || (major === 20 && (minor ?? 0) < 18)) process.stdout.write(`  warning: Node ${process.versions.node}; Sovereign needs >= 20.18.1\n`);
    const urls = resolveStoreUrls(loaded.config, process.env, file);
    if (!urls.postgres) process.stdout.write('  state: SQLite in the state directory (set SOVEREIGN_DATABASE_URL to share it through Postgres)\n');

    const checks: DoctorCheck[] = [...(await checkProviders(providers, timeoutMs))];
    if (!urls.postgres) checks.push(checkStateDatabase(join(home, 'sovereign.db')));
    if (urls.postgres || urls.redis) checks.push(...(await (await import('./check-connections.ts')).checkConnections(urls, timeoutMs)));
    const signingKey = checkSigningKey(home);
    checks.push(signingKey.check);
    if (urls.postgres) checks.push(await (await import('./check-shared-audit-chain.ts')).checkSharedAuditChain(urls.postgres, signingKey.publicKeys, timeoutMs));
    else checks.push(checkLocalAuditChain(home, signingKey.publicKeys));

    for (const check of checks) process.stdout.write(formatDoctorCheck(check));
    const failed = checks.filter((check) => !check.ok).length;
    process.stdout.write(failed === 0 ? `all ${checks.length} checks passed\n` : `${failed} of ${checks.length} checks FAILED\n`);
    return failed === 0 ? 0 : 1;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 78;
    }
    throw error;
  }
}
