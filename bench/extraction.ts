/**
 * Extraction (distillation) detection on a labelled workload: normal principals built from the real prompts of
 * ../shared/data (people asking QQP questions, students with GSM8K problems, airline agents replaying tau-bench
 * conversations) with realistic volumes and diurnal timing, mixed with campaign principals modelled on the three
 * published profiles and two evasive variants, at several mixing ratios. Reports the share of campaign principals
 * detected (and of the keys of each coordinated cluster), the share of normal principals flagged, and the median
 * number of a campaign's requests before its first action.
 *
 *   npm run bench -- extraction [--json] [--benign FILE] [--held-out] [--days N] [--normal N] [--ratios 1,2,4] [--seed N]
 *
 * `--benign FILE` replaces every normal prompt with the `{"prompt": ...}` lines of FILE; `--held-out` does the same
 * with QQP pairs 12,000-15,999, which the detector was never tuned on. `--seed N` (default 18) draws another
 * workload and another hash key (derived from the seed, so a run can be repeated exactly).
 */
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createKeyedHasher } from '../src/security/extraction/keyed-hash.ts';
import { heldOutQuestions, loadTuningSources, readBenignFile, sourcesFromPrompts, type BenignSources } from './lib/extraction/benign-sources.ts';
import { evaluateDetector, median, type PrincipalOutcome } from './lib/extraction/evaluate-detector.ts';
import { buildWorkload, campaignKinds } from './lib/extraction/extraction-workload.ts';
import { formatTable } from './lib/format-table.ts';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    benign: { type: 'string' },
    'held-out': { type: 'boolean', default: false },
    days: { type: 'string', default: '3' },
    normal: { type: 'string', default: '400' },
    ratios: { type: 'string', default: '1,2,4' },
    seed: { type: 'string', default: '18' },
  },
});
const log = (line: string): void => void process.stderr.write(`${line}\n`);
const positive = (name: string, text: string) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    log(`--${name} must be a positive integer, got "${text}"`);
    process.exit(2);
  }
  return value;
};
const days = positive('days', values.days);
const normal = positive('normal', values.normal);
const seed = positive('seed', values.seed);
const ratios = values.ratios.split(',').map((ratio) => positive('ratios', ratio.trim()));

let sources: BenignSources = loadTuningSources();
if (values.benign !== undefined) {
  try {
    sources = sourcesFromPrompts(readBenignFile(values.benign), sources, `--benign ${values.benign}`);
  } catch (error) {
    log((error as Error).message);
    process.exit(2);
  }
} else if (values['held-out']) sources = sourcesFromPrompts(heldOutQuestions(), sources, 'held out: QQP pairs 12,000-15,999 (never used for tuning)');
log(`normal prompts: ${sources.label}; seed ${seed}`);

// The evidence-hash key changes which shingles the bottom-k sketches keep, so it is part of what a seed varies.
const hasher = createKeyedHasher(createHash('sha256').update(`extraction-bench:${seed}`).digest());
const rate = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);

interface Summary {
  ratio: string;
  campaigns: number;
  normal: number;
  requests: number;
  detection_rate: number;
  false_positive_rate: number;
  median_time_to_detection_requests: number | null;
  cpu_microseconds_per_request: number;
  per_campaign: Array<{ kind: string; principals: number; detected: number; detection_rate: number; cluster_key_coverage: number; median_time_to_detection_requests: number | null; harshest: string[] }>;
  false_positives: Array<{ id: string; kind: string; action: string }>;
}

function summarise(ratio: string, outcomes: PrincipalOutcome[], requests: number, cpu: number): Summary {
  const campaigns = outcomes.filter((outcome) => outcome.campaign);
  const normals = outcomes.filter((outcome) => !outcome.campaign);
  const detectedTimes = (list: PrincipalOutcome[]) => list.flatMap((outcome) => (outcome.requestsToDetection === undefined ? [] : [outcome.requestsToDetection]));
  return {
    ratio,
    campaigns: campaigns.length,
    normal: normals.length,
    requests,
    detection_rate: rate(campaigns.filter((outcome) => outcome.detected).length, campaigns.length),
    false_positive_rate: rate(normals.filter((outcome) => outcome.detected).length, normals.length),
    median_time_to_detection_requests: median(detectedTimes(campaigns)) ?? null,
    cpu_microseconds_per_request: Math.round(cpu * 10) / 10,
    per_campaign: campaignKinds.map((kind) => {
      const list = campaigns.filter((outcome) => outcome.kind === kind);
      const clustered = list.filter((outcome) => outcome.keys > 1);
      return {
        kind,
        principals: list.length,
        detected: list.filter((outcome) => outcome.detected).length,
        detection_rate: rate(list.filter((outcome) => outcome.detected).length, list.length),
        cluster_key_coverage: clustered.length === 0 ? 1 : Math.min(...clustered.map((outcome) => rate(outcome.keysDetected, outcome.keys))),
        median_time_to_detection_requests: median(detectedTimes(list)) ?? null,
        harshest: list.map((outcome) => outcome.harshest),
      };
    }),
    false_positives: normals.filter((outcome) => outcome.detected).map((outcome) => ({ id: outcome.id, kind: outcome.kind, action: outcome.harshest })),
  };
}

const runs: Summary[] = [];
for (const perKind of ratios) {
  const workload = buildWorkload({ sources, hasher, normal, campaignsPerKind: perKind, days, seed: seed + perKind });
  const run = evaluateDetector(workload, hasher);
  const campaigns = perKind * campaignKinds.length;
  runs.push(summarise(`${campaigns} campaigns : ${normal} normal`, run.outcomes, run.events, run.cpuMicrosecondsPerRequest));
  log(`ratio ${campaigns}:${normal}: ${run.events} requests replayed`);
}

const all = runs.flatMap((run) => run);
const overall = {
  normal_prompts: sources.label,
  seed,
  days,
  detection_rate: Math.min(...all.map((run) => run.detection_rate)),
  false_positive_rate: Math.max(...all.map((run) => run.false_positive_rate)),
  median_time_to_detection_requests: median(all.flatMap((run) => (run.median_time_to_detection_requests === null ? [] : [run.median_time_to_detection_requests]))) ?? null,
  cpu_microseconds_per_request: Math.max(...all.map((run) => run.cpu_microseconds_per_request)),
  per_campaign: campaignKinds.map((kind) => {
    const rows = all.map((run) => run.per_campaign.find((row) => row.kind === kind)!);
    return { kind, detection_rate: Math.min(...rows.map((row) => row.detection_rate)), cluster_key_coverage: Math.min(...rows.map((row) => row.cluster_key_coverage)), median_time_to_detection_requests: median(rows.flatMap((row) => (row.median_time_to_detection_requests === null ? [] : [row.median_time_to_detection_requests]))) ?? null };
  }),
  per_ratio: runs,
};

if (values.json) process.stdout.write(`${JSON.stringify(overall, null, 2)}\n`);
else {
  for (const run of runs) {
    process.stdout.write(`\n${run.ratio} (${run.requests} requests): detected ${(run.detection_rate * 100).toFixed(1)}% of campaigns, flagged ${(run.false_positive_rate * 100).toFixed(2)}% of normal principals, median ${run.median_time_to_detection_requests ?? '-'} requests to detection, ${run.cpu_microseconds_per_request} µs CPU per request\n`);
    process.stdout.write(
      formatTable(
        ['campaign', 'principals', 'detected', 'cluster keys', 'median requests', 'harshest'],
        run.per_campaign.map((row) => [row.kind, String(row.principals), `${(row.detection_rate * 100).toFixed(0)}%`, `${(row.cluster_key_coverage * 100).toFixed(0)}%`, String(row.median_time_to_detection_requests ?? '-'), row.harshest.join(' ')]),
      ),
    );
    if (run.false_positives.length > 0) process.stdout.write(`false positives: ${run.false_positives.map((fp) => `${fp.id} (${fp.kind}, ${fp.action})`).join(', ')}\n`);
  }
  process.stdout.write(`\nWorst case over ratios: detection ${(overall.detection_rate * 100).toFixed(1)}%, false positives ${(overall.false_positive_rate * 100).toFixed(2)}%\n`);
}
