import type { RunningGateway } from '../server/gateway.ts';

/** The start-up banner: where the gateway listens, which providers are simulated and which are real. */
export function formatBanner(gateway: RunningGateway, configFile: string): string {
  const lines: string[] = [];
  lines.push(`Sovereign gateway listening on ${gateway.url}  (config: ${configFile})`);
  const stores = gateway.services.stores;
  if (stores) {
    lines.push(`State: ${stores.backend === 'postgres' ? `Postgres ${stores.location} (shared)` : `SQLite ${stores.location}`}${stores.redis ? `; Redis ${stores.redis}` : ''}`);
  }
  lines.push('');
  lines.push('Providers:');
  for (const provider of gateway.config.providers) {
    if (!provider.enabled) continue;
    const kind = provider.simulated ? 'simulated' : 'REAL     ';
    const models = provider.models.map((model) => model.name).join(', ');
    const where = provider.adapter === 'llama-local' ? '  (real, in-process)' : '';
    lines.push(`  ${kind}  ${provider.id.padEnd(18)} ${provider.tier.padEnd(5)} ${provider.jurisdiction}  ${models}${where}`);
  }
  for (const skipped of gateway.skippedProviders) {
    lines.push(`  off        ${skipped.id.padEnd(18)} (set ${skipped.missing.join(', ')} to enable)`);
  }
  if (gateway.config.edge.enabled) {
    const models = gateway.config.edge.models.map((model) => model.name).join(', ') || 'none';
    lines.push(`  edge       ${gateway.config.edge.device.providerId.padEnd(18)} edge  (the user's device; models: ${models}; SDK ${gateway.url}/sdk/edge.js, demo ${gateway.url}/ui/edge)`);
  }
  lines.push('');
  const key = gateway.defaultKey;
  if (key.source === 'generated') {
    lines.push(`API key for the default tenant (shown once, stored only as a hash): ${key.secret}`);
  } else if (key.source === 'environment') {
    lines.push('API key for the default tenant: from SOVEREIGN_API_KEY');
  } else {
    lines.push('API key for the default tenant: the one printed at first start (SOVEREIGN_API_KEY, when set, replaces it)');
  }
  lines.push('');
  lines.push('Try:');
  // The example must work as pasted: with a key generated just now, export it first; a stored one was printed before.
  if (key.source === 'generated') lines.push(`  export SOVEREIGN_API_KEY=${key.secret}`);
  else if (key.source === 'stored') lines.push('  export SOVEREIGN_API_KEY=...   # the key printed at first start');
  lines.push(`  curl ${gateway.url}/v1/chat/completions -H "authorization: Bearer $SOVEREIGN_API_KEY" \\`);
  lines.push(`    -H "content-type: application/json" -d '{"model":"auto","messages":[{"role":"user","content":"Hello"}]}'`);
  return lines.join('\n');
}
