import { z } from 'zod';

/** What the detector can do about a subject, mildest first. */
export const extractionActions = ['flag', 'throttle', 'review', 'block'] as const;
export type ExtractionAction = 'none' | (typeof extractionActions)[number];

const actionOrNone = z.enum(['none', ...extractionActions]);

export const extractionRuleSchema = z
  .strictObject({
    action: z.enum(extractionActions).describe('`flag`: listed and audited. `throttle`: the key (or its whole group of coordinated keys) gets `requestsPerMinute`. `review`: a person must look at it; it never expires on its own and stays throttled. `block`: refused with 403 until cleared.'),
    minScore: z.number().min(0).max(1).describe('The lowest extraction score (0 to 1) that takes this action.'),
    requestsPerMinute: z.number().positive().optional().describe('`throttle` only: the rate the subject (a key, or its group of coordinated keys together) keeps (default 10).'),
    afterRefusals: z.number().int().positive().optional().describe('`block` only: also block a throttled key or tenant once this many of its requests were refused by its throttle since it was throttled (a client that keeps pushing against its limit).'),
  })
  .superRefine((rule, context) => {
    if (rule.requestsPerMinute !== undefined && rule.action !== 'throttle') {
      context.addIssue({ code: 'custom', path: ['requestsPerMinute'], message: 'only a throttle rule has requestsPerMinute' });
    }
    if (rule.afterRefusals !== undefined && rule.action !== 'block') {
      context.addIssue({ code: 'custom', path: ['afterRefusals'], message: 'only a block rule has afterRefusals' });
    }
  });

export type ExtractionRule = z.infer<typeof extractionRuleSchema>;

/**
 * The default policy: flag from 0.5, throttle from 0.8 (10 requests a minute), review from 0.9. Nothing is blocked
 * unless a `block` rule is configured.
 */
export const defaultExtractionPolicy: ExtractionRule[] = [
  { action: 'flag', minScore: 0.5 },
  { action: 'throttle', minScore: 0.8, requestsPerMinute: 10 },
  { action: 'review', minScore: 0.9 },
];

export const extractionSettingsSchema = z
  .strictObject({
    enabled: z.boolean().default(false).describe('Compute the signals (off the request path) and apply the policy. Off by default.'),
    policy: z
      .array(extractionRuleSchema)
      .default(defaultExtractionPolicy)
      .superRefine((rules, context) => {
        const seen = new Set<string>();
        rules.forEach((rule, index) => {
          if (seen.has(rule.action)) context.addIssue({ code: 'custom', path: [index, 'action'], message: `"${rule.action}" appears twice` });
          seen.add(rule.action);
        });
        const ordered = [...rules].sort((left, right) => extractionActions.indexOf(left.action) - extractionActions.indexOf(right.action));
        for (let index = 1; index < ordered.length; index++) {
          if (ordered[index]!.minScore < ordered[index - 1]!.minScore) {
            context.addIssue({ code: 'custom', path: [rules.indexOf(ordered[index]!), 'minScore'], message: `"${ordered[index]!.action}" needs a minScore at least that of "${ordered[index - 1]!.action}"` });
          }
        }
      })
      .describe('Actions by score: each rule applies from its `minScore`; a harsher action needs a score at least as high.'),
    window: z.number().int().min(16).max(1024).default(96).describe('Requests each subject (key, tenant, network) keeps in its sliding window.'),
    minQueries: z.number().int().min(4).max(1024).default(16).describe('New prompts a key needs before it is scored on its own (a group of coordinated keys is scored on their prompts together).'),
    evaluateEvery: z.number().int().positive().default(8).describe('A subject is scored again after this many requests.'),
    decayHours: z.number().positive().default(24).describe('A `flag` or `throttle` is lifted once the score stayed below it this long; `review` and `block` stay until cleared.'),
    queueCapacity: z.number().int().positive().default(10_000).describe('Events waiting for the background computation; beyond it new events are dropped and counted.'),
    batchBudgetMs: z.number().positive().default(4).describe('Longest stretch of background computation before the event loop gets a turn (ms).'),
    maxSubjects: z.number().int().positive().default(20_000).describe('Subjects kept in memory; the least recently active go first (open cases stay).'),
    tenants: z
      .strictObject({ maxAction: actionOrNone.default('block').describe("The harshest action a tenant's own score can take (it applies to all its keys).") })
      .prefault({})
      .describe('Tenants are scored on all their keys together.'),
    networks: z
      .strictObject({ maxAction: actionOrNone.default('flag').describe("The harshest action a client network's own score can take (it applies to every request from it).") })
      .prefault({})
      .describe('Client networks (/24, /48) are scored on all their requests together; by default only flagged, since many people may share one.'),
    clientAddress: z
      .strictObject({
        header: z.string().min(1).toLowerCase().optional().describe('The header a trusted proxy in front of the gateway sets with the client address (e.g. `x-forwarded-for`); unset: the socket peer.'),
        trustedHops: z.number().int().min(1).default(1).describe('Which entry of that header, counted from its right end (1: the address the nearest proxy saw).'),
      })
      .prefault({})
      .describe('Where the client address comes from.'),
    releases: z
      .record(z.string().min(1), z.iso.datetime({ offset: true }))
      .default({})
      .describe('Release times of models (`model: 2026-02-24T00:00:00Z`), for the reaction-to-release signal. Models first requested after `releaseWarmupHours` of running count as released then.'),
    releaseWarmupHours: z.number().nonnegative().default(24).describe('Models first requested this long after start-up count as new releases.'),
    exempt: z
      .strictObject({
        tenants: z.array(z.string().min(1)).default([]).describe('Tenants never scored (e.g. your own evaluation jobs).'),
        keys: z.array(z.string().min(1)).default([]).describe('Key ids never scored.'),
      })
      .prefault({}),
  })
  .prefault({})
  .describe('Detection of capability-extraction (distillation) campaigns: signals per key, tenant and network computed off the request path, coordinated keys grouped, a score with explanations and actions by policy.');

export type ExtractionSettings = z.infer<typeof extractionSettingsSchema>;
