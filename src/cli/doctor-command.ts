import { parseArgs } from 'node:util';
import { ConfigError, loadConfigFile } from '../server/config/load-config.ts';
import { resolveStoreUrls } from '../server/config/store-urls.ts';

/** Checks a configuration file without starting anything: validation errors name the file, path and reason. */
export async function doctorCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { config: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write('Usage: sovereign doctor [--config FILE]\n\nChecks the configuration and, when set, the Postgres and Redis connections (exit 1 when one fails, 78 for an invalid file).\n');
    return 0;
  }
  const file = values.config ?? process.env.SOVEREIGN_CONFIG ?? 'config/default.yaml';
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
    let failed = false;
    const checks = urls.postgres || urls.redis ? await (await import('./check-connections.ts')).checkConnections(urls) : [];
    for (const check of checks) {
      process.stdout.write(`  ${check.name}: ${check.ok ? 'ok' : 'FAILED'} ${check.message}\n`);
      failed ||= !check.ok;
    }
    return failed ? 1 : 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 78;
    }
    throw error;
  }
}
