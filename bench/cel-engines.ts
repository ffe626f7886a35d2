/**
 * CEL engines benchmark: the time to evaluate 100 policy conditions for one request, with the conditions compiled
 * to JavaScript (what the gateway does for the subset it can generate) and with the `@bufbuild/cel` interpreter
 * (what it falls back to), in the same run, over the 8 condition shapes of `bench/route.ts` and 32 request shapes.
 * Prints microseconds per request (p50, p99) for each engine and their ratio. Measures; asserts nothing.
 *
 *   npm run bench -- cel-engines
 */
import { compileCondition, compileConditionBatch, type CompiledCondition } from '../src/core/policy/cel-condition.ts';
import { buildPolicyBindings, policyVariableFields, type PolicySubject } from '../src/core/policy/policy-context.ts';

const shapes = [
  'profile.classification in ["CUI", "SECRET", "TOP SECRET"]',
  'profile.hasPersonalData && "iban" in profile.personalKinds',
  'principal.tenant == "acme" && request.estimatedInputTokens > 1000',
  '"confidential" in request.labels || profile.hasSecrets',
  'profile.personalData.exists(finding, finding.kind == "email" && finding.count > 3)',
  'principal.country != "US" && !request.stream',
  'profile.classificationLevel >= 2 || principal.clearance == "SECRET"',
  'request.hasTools && size(profile.markings) > 0',
];
const sources = Array.from({ length: 100 }, (_, index) => `${shapes[index % shapes.length]} && principal.tenant != "tenant-${index}"`);

const subjects: PolicySubject[] = Array.from({ length: 32 }, (_, index) => ({
  principal: { tenant: ['acme', 'globex', 'initech', 'tenant-7'][index % 4]!, country: ['DE', 'US', 'GB', 'FR'][index % 4]!, clearance: index % 3 === 0 ? 'SECRET' : 'UNCLASSIFIED' },
  profile: {
    classification: (['UNCLASSIFIED', 'OFFICIAL', 'CUI', 'SECRET'] as const)[index % 4]!,
    personalData: index % 2 === 0 ? [{ kind: ['email', 'iban', 'phone'][index % 3]!, count: 1 + (index % 6) }] : [],
    secrets: index % 10 === 0 ? [{ kind: 'api-key', count: 1 }] : [],
    markings: index % 5 === 0 ? ['OFFICIAL'] : [],
  },
  request: { model: 'chat', estimatedInputTokens: (index * 397) % 6000, hasTools: index % 3 === 0, stream: index % 2 === 0, labels: index % 5 === 1 ? ['confidential'] : [] },
}));
const bindings = subjects.map(buildPolicyBindings);

function measure(engine: 'compiled' | 'interpreter'): { p50: number; p99: number } {
  const conditions: CompiledCondition[] = sources.map((source) =>
    compileCondition(source, policyVariableFields, engine === 'interpreter' ? { engine: 'interpreter' } : {}),
  );
  if (conditions.some((condition) => condition.engine !== engine)) throw new Error(`not every condition compiled with the ${engine} engine`);
  const batch = compileConditionBatch(conditions, policyVariableFields);
  const results = new Array<unknown>(conditions.length);
  for (let round = 0; round < 20_000; round++) batch(bindings[round % bindings.length]!, results, 0);
  const samples = new Float64Array(50_000);
  for (let round = 0; round < samples.length; round++) {
    const started = process.hrtime.bigint();
    batch(bindings[round % bindings.length]!, results, 0);
    samples[round] = Number(process.hrtime.bigint() - started) / 1_000;
  }
  samples.sort();
  return { p50: samples[Math.floor(samples.length * 0.5)]!, p99: samples[Math.floor(samples.length * 0.99)]! };
}

const compiled = measure('compiled');
const interpreted = measure('interpreter');
const line = (name: string, figures: { p50: number; p99: number }) =>
  `${name.padEnd(12)} p50 ${figures.p50.toFixed(1).padStart(7)} us  p99 ${figures.p99.toFixed(1).padStart(7)} us  per request (100 conditions)`;
process.stdout.write(`${line('compiled', compiled)}\n${line('interpreter', interpreted)}\n`);
process.stdout.write(`interpreter / compiled: p50 ${(interpreted.p50 / compiled.p50).toFixed(1)}x, p99 ${(interpreted.p99 / compiled.p99).toFixed(1)}x\n`);
