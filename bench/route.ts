/**
 * Routing benchmark: what the gateway does per request to decide where it goes, `evaluatePolicies` (every CEL
 * condition) plus `router.decide`, over synthetic catalogs of 10 to 10,000 candidates (independent random
 * prices, quality, jurisdictions, clearances; 10% export-controlled; 10% of providers with an open circuit)
 * and 10 or 100 policies, for 32 request shapes and the four strategies in turn. Catalog and policies are
 * compiled once, as at start-up. Prints p50/p99 in microseconds per combination after a warm-up; `--json`
 * prints one JSON object on stdout (progress goes to stderr). Budget: <= 50 us p99 at 1,000 candidates and
 * 100 policies.
 *
 *   npx tsx bench/route.ts [--json]
 */
import { providerSchema, type ProviderEntry, type ProviderEntryInput } from '../src/core/catalog/catalog-schema.ts';
import { compilePolicies } from '../src/core/policy/compile-policies.ts';
import { evaluatePolicies } from '../src/core/policy/evaluate-policies.ts';
import type { PolicySubject } from '../src/core/policy/policy-context.ts';
import type { PolicyInput } from '../src/core/policy/policy-schema.ts';
import { createRouter } from '../src/core/router/create-router.ts';
import { createProviderStats } from '../src/core/router/provider-stats.ts';
import type { Strategy } from '../src/core/router/decision.ts';

const json = process.argv.includes('--json');
const { detectFindings } = await import('../src/core/profile/detect-findings.ts');
const { existsSync, readFileSync } = await import('node:fs');
const log = (line: string): void => void process.stderr.write(`${line}\n`);

const eu = ['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE'];
const groups: Record<string, string[]> = {
  EU: eu,
  EEA: [...eu, 'IS', 'LI', 'NO'],
  adequacy: ['AD', 'AR', 'CA', 'FO', 'GG', 'IL', 'IM', 'JP', 'JE', 'NZ', 'KR', 'CH', 'GB', 'UY', 'US'],
  FVEY: ['US', 'GB', 'CA', 'AU', 'NZ'],
};
const countries = [...new Set([...Object.values(groups).flat(), 'CN', 'IN', 'BR', 'SG', 'AE'])];
const expandJurisdiction = (name: string): ReadonlySet<string> => new Set(groups[name] ?? (/^[A-Z]{2}$/.test(name) ? [name] : []));

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)]!;

function catalog(size: number): ProviderEntry[] {
  const next = random(size);
  const providers: ProviderEntry[] = [];
  for (let index = 0; index < size; index++) {
    const input: ProviderEntryInput = {
      id: `p${index}`,
      adapter: 'openai-compatible',
      tier: pick(next, ['cloud', 'cloud', 'cloud', 'local', 'edge'] as const),
      jurisdiction: pick(next, countries),
      operator: { name: `operator ${index % 50}`, country: pick(next, countries) },
      clearance: pick(next, ['UNCLASSIFIED', 'UNCLASSIFIED', 'OFFICIAL', 'CUI', 'SECRET'] as const),
      retention: pick(next, ['none', 'zero', 0, 7, 30] as const),
      trainsOnData: next() < 0.1,
      certifications: next() < 0.5 ? ['ISO27001'] : [],
      models: [{
        name: 'chat',
        upstreamName: `model-${index % 7}`,
        price: { input: 0.1 + next() * 10, output: 0.4 + next() * 30 },
        quality: { overall: Math.round(next() * 100) / 100 },
        capabilities: { tools: next() < 0.9, vision: next() < 0.5, json: true, embeddings: false },
        contextWindow: pick(next, [8192, 32768, 128000]),
        exportControlled: next() < 0.1,
        exportGroups: ['FVEY'],
      }],
    };
    providers.push(providerSchema.parse(input));
  }
  return providers;
}

function policies(count: number): PolicyInput[] {
  const next = random(count * 7919);
  const conditions = [
    'profile.classification in ["CUI", "SECRET", "TOP SECRET"]',
    'profile.hasPersonalData && "iban" in profile.personalKinds',
    'principal.tenant == "acme" && request.estimatedInputTokens > 1000',
    '"confidential" in request.labels || profile.hasSecrets',
    'profile.personalData.exists(finding, finding.kind == "email" && finding.count > 3)',
    'principal.country != "US" && !request.stream',
    'profile.classificationLevel >= 2 || principal.clearance == "SECRET"',
    'request.hasTools && size(profile.markings) > 0',
  ];
  const requirements: PolicyInput['require'][] = [
    { jurisdictionsDenied: ['CN'] },
    { maxRetentionDays: 30 },
    { noTraining: true },
    { tiers: ['cloud', 'local', 'edge'] },
    { operatorCountryNotIn: ['AE'] },
    { providersDenied: ['p3', 'p17'] },
    { jurisdictions: ['EEA', 'adequacy', 'IN', 'BR', 'SG'] },
    { minClearance: 'classification' },
  ];
  return Array.from({ length: count }, (_, index) => ({
    name: `policy-${index}`,
    when: `${pick(next, conditions)} && principal.tenant != "tenant-${index}"`,
    require: pick(next, requirements),
    actions: next() < 0.2 ? ['audit-prompt'] : [],
  }));
}

/** 32 request shapes (principal, data profile, request facts): enough to vary which policies match. */
const subjects: PolicySubject[] = (() => {
  const next = random(2024);
  const classifications = ['UNCLASSIFIED', 'UNCLASSIFIED', 'OFFICIAL', 'CUI', 'SECRET'] as const;
  return Array.from({ length: 32 }, () => ({
    principal: { tenant: pick(next, ['acme', 'globex', 'initech', 'tenant-7']), country: pick(next, ['DE', 'US', 'GB', 'FR', 'JP']), clearance: pick(next, ['UNCLASSIFIED', 'SECRET'] as const) },
    profile: {
      classification: pick(next, classifications),
      personalData: next() < 0.5 ? [{ kind: pick(next, ['email', 'iban', 'phone']), count: 1 + Math.floor(next() * 6) }] : [],
      secrets: next() < 0.1 ? [{ kind: 'api-key', count: 1 }] : [],
      markings: next() < 0.2 ? ['OFFICIAL'] : [],
    },
    request: {
      model: 'chat',
      estimatedInputTokens: Math.floor(next() * 6000),
      hasTools: next() < 0.3,
      stream: next() < 0.5,
      labels: next() < 0.2 ? ['confidential'] : [],
    },
  } satisfies PolicySubject));
})();
const strategyCycle: Strategy[] = ['cheapest', 'balanced', 'fastest', 'quality'];

function percentile(sorted: Float64Array, fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

const results: { candidates: number; policies: number; p50_us: number; p99_us: number; decisions_per_s: number }[] = [];
for (const candidateCount of [10, 100, 1_000, 10_000]) {
  const providers = catalog(candidateCount);
  const stats = createProviderStats();
  const statsNext = random(42);
  for (const provider of providers) {
    if (statsNext() < 0.7) stats.observe(provider.id, { ok: statsNext() < 0.95, ttftMs: 50 + statsNext() * 900, tokensPerSecond: 20 + statsNext() * 200 });
  }
  const router = createRouter({ providers }, { expandJurisdiction, stats });
  for (const policyCount of [10, 100]) {
    const set = compilePolicies(policies(policyCount), { expandJurisdiction }, 'bench');
    const health = (providerId: string): 'healthy' | 'open' => (providerId.endsWith('7') ? 'open' : 'healthy');
    const run = (iteration: number): void => {
      const subject = subjects[iteration % subjects.length]!;
      const evaluation = evaluatePolicies(set, subject);
      router.decide({
        model: 'chat',
        strategy: strategyCycle[iteration % strategyCycle.length]!,
        constraints: evaluation.constraints,
        matched: evaluation.matched,
        errors: evaluation.errors,
        principalCountry: subject.principal.country,
        requiredCapabilities: { tools: subject.request.hasTools === true },
        estimatedInputTokens: subject.request.estimatedInputTokens,
        health,
      });
    };
    const iterations = candidateCount >= 10_000 ? 4_000 : 40_000;
    for (let iteration = 0; iteration < iterations / 2; iteration++) run(iteration);
    const samples = new Float64Array(iterations);
    const started = performance.now();
    for (let iteration = 0; iteration < iterations; iteration++) {
      const before = performance.now();
      run(iteration);
      samples[iteration] = (performance.now() - before) * 1000;
    }
    const elapsed = performance.now() - started;
    samples.sort();
    const row = {
      candidates: candidateCount,
      policies: policyCount,
      p50_us: Math.round(percentile(samples, 0.5) * 10) / 10,
      p99_us: Math.round(percentile(samples, 0.99) * 10) / 10,
      decisions_per_s: Math.round(iterations / (elapsed / 1000)),
    };
    results.push(row);
    log(`${String(candidateCount).padStart(6)} candidates, ${String(policyCount).padStart(3)} policies: p50 ${row.p50_us} us, p99 ${row.p99_us} us (${row.decisions_per_s}/s)`);
  }
}
// Detector throughput: one pass of every precompiled detector over real agent text (the tau-bench airline
// trajectories when ../shared is present), else over a synthetic mix with personal data and markings.
const detectorsMbPerS = measureDetectors();
log(`detectors: ${detectorsMbPerS} MB/s over ${(detectorCorpus().length / 1e6).toFixed(1)} MB`);
if (json) process.stdout.write(`${JSON.stringify({ route: results, detectors_mb_per_s: detectorsMbPerS })}\n`);

function detectorCorpus(): string {
  const file = new URL('../../shared/data/tau-bench/gpt-4o-airline.json', import.meta.url);
  if (existsSync(file)) {
    const trajectories = JSON.parse(readFileSync(file, 'utf8')) as Array<{ traj?: Array<{ content?: unknown }> }>;
    const texts: string[] = [];
    for (const trajectory of trajectories) for (const message of trajectory.traj ?? []) if (typeof message.content === 'string') texts.push(message.content);
    return texts.join('\n');
  }
  const sample = 'Please rebook anna.schmidt@example.de on LH 441, card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00.\nCUI\nThe schedule is attached. ';
  return sample.repeat(20_000);
}

function measureDetectors(): number {
  const corpus = detectorCorpus();
  const chunks = corpus.match(/[\s\S]{1,4096}/g) ?? [];
  for (const chunk of chunks.slice(0, 200)) detectFindings(chunk);
  const started = performance.now();
  let bytes = 0;
  for (let round = 0; round < 3; round++) {
    for (const chunk of chunks) {
      detectFindings(chunk);
      bytes += chunk.length;
    }
  }
  return Math.round(bytes / 1e6 / ((performance.now() - started) / 1000));
}
