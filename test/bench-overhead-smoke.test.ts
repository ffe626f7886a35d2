import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * Keeps the overhead benchmark working: `npm run bench -- overhead --smoke` starts the upstream simulator, the
 * floor proxy and Sovereign in their own processes and drives each for a second at a low rate and a low
 * concurrency. It asserts correctness only, never speed. The peers are left out here (`--no-portkey
 * --no-nullplatform`) so the test needs no registry and stays fast; run the smoke with the peers with
 * `npm run bench -- overhead --smoke`.
 */
function runSmoke(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/bench.js', 'overhead', '--smoke', '--no-portkey', '--no-nullplatform', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

interface SmokeReport {
  targets: Record<string, { rps: number | null; errors: number; skipped?: string; added_p50_ms: number | null; cpu_us_per_req: number | null }>;
  ratios: { sovereign_vs_floor_rps: number | null; sovereign_vs_portkey_rps: number | null; sovereign_vs_nullplatform_rps: number | null };
  runs: Array<{ target: string; completed: number; errors: number; stream: boolean; kind: string }>;
  observability: { variants: Array<{ label: string; rps: number; errors: number }>; collector: { spans: number; exports: number } };
}

describe('npm run bench -- overhead --smoke', () => {
  it('answers correctly through every target and prints one JSON object', async () => {
    const { code, stdout, stderr } = await runSmoke();
    expect(code, stderr).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const report = JSON.parse(stdout) as SmokeReport;
    for (const name of ['direct', 'floor', 'sovereign']) {
      const target = report.targets[name]!;
      expect(target.skipped, name).toBeUndefined();
      expect(target.errors, name).toBe(0);
      expect(target.rps, name).toBeGreaterThan(0);
      const runs = report.runs.filter((run) => run.target === name);
      // Every scenario ran, plain and streaming, at a fixed rate and a fixed concurrency.
      expect(runs.map((run) => `${run.kind}-${run.stream}`).sort(), name).toEqual(['concurrency-false', 'concurrency-true', 'rate-false', 'rate-true']);
      for (const run of runs) expect(run.completed, `${name} ${run.kind} ${run.stream}`).toBeGreaterThan(0);
    }
    expect(report.targets.portkey?.skipped).toMatch(/no-portkey/);
    expect(report.ratios.sovereign_vs_floor_rps).toBeGreaterThan(0);
    expect(report.ratios.sovereign_vs_portkey_rps).toBeNull();
    expect(report.targets.nullplatform?.skipped).toMatch(/no-nullplatform/);
    expect(report.ratios.sovereign_vs_nullplatform_rps).toBeNull();
    expect(typeof report.targets.sovereign!.added_p50_ms).toBe('number');
    // The observability comparison ran all three settings, and the tracing one exported spans to the local collector.
    expect(report.observability.variants.map((variant) => variant.label)).toEqual(['metrics off, tracing off', 'metrics on, tracing off', 'metrics on, tracing on (OTLP)']);
    for (const variant of report.observability.variants) expect(variant.errors, variant.label).toBe(0);
    for (const variant of report.observability.variants) expect(variant.rps, variant.label).toBeGreaterThan(0);
    expect(report.observability.collector.spans).toBeGreaterThan(0);
  }, 180_000);
});
