import type { ChatRequest } from '../../../src/core/canonical/request.ts';
import { fingerprintChat, type ExtractionEvent } from '../../../src/security/extraction/extraction-event.ts';
import type { KeyedHasher } from '../../../src/security/extraction/keyed-hash.ts';
import type { BenignSources } from './benign-sources.ts';
import { agenticTask, agentToolNames, paraphrasedReasoningPrompt, reasoningRubricPrompt, volumePrompt } from './campaign-text.ts';
import { applicationLoad, createDraws, dayMs, hourMs, humanActivity, poissonTimes, seedOf, type Draws } from './random-draws.ts';

/** Normal principal kinds (built from real prompts) and campaign kinds (the three published profiles and evasions). */
export const normalKinds = ['person', 'student', 'agent-app'] as const;
export const campaignKinds = ['reasoning-rubric', 'agentic-hydra', 'volume-release', 'evasive-paraphrase', 'evasive-spread-thin'] as const;
export type PrincipalKind = (typeof normalKinds)[number] | (typeof campaignKinds)[number];

/** One simulated principal: a person, an application or a campaign, with its keys. */
export interface Principal {
  id: string;
  kind: PrincipalKind;
  campaign: boolean;
  keys: string[];
}

/** A request of the workload, before the detector sees it. */
interface PlannedRequest {
  time: number;
  principal: number;
  key: string;
  tenant: string;
  network: string;
  userAgent: string;
  model: string;
  system?: string;
  tools?: readonly string[];
  prompt: string;
  depth: number;
  inputTokens: number;
  outputTokens: number;
}

export interface Workload {
  principals: Principal[];
  /** Time-ordered requests, already fingerprinted as the gateway would. */
  events: Array<{ principal: number; event: ExtractionEvent }>;
  periodMs: number;
  releasedModel: string;
  /** When the new model is released (ms since the start of the workload). */
  releaseAt: number;
  /** The release as the operator configures it (`extraction.releases`). */
  releases: Record<string, string>;
}

export interface WorkloadOptions {
  sources: BenignSources;
  hasher: KeyedHasher;
  /** Normal principals. */
  normal: number;
  /** Campaign principals of each kind. */
  campaignsPerKind: number;
  days: number;
  seed: number;
}

const userAgents = ['Mozilla/5.0 (Windows NT 10.0; Win64; x64)', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)', 'OpenAI/Python 1.54.3', 'OpenAI/JS 4.73.0', 'python-requests/2.32.3', 'Anthropic/Python 0.40.0'];
const tokensOf = (text: string) => Math.max(1, Math.round(text.length / 4));
const networkOf = (draws: Draws) => `${draws.integer(11, 223)}.${draws.integer(0, 255)}.${draws.integer(0, 255)}.0/24`;

/**
 * Builds the labelled workload: normal principals from the real prompts of `sources` (people asking QQP questions
 * with diurnal timing in their own time zone, students with GSM8K problems, airline-support agents replaying
 * tau-bench conversations with their tools and system prompt, several keys per application), and campaign
 * principals modelled on the three published distillation profiles plus two evasive variants.
 */
export function buildWorkload(options: WorkloadOptions): Workload {
  const { sources, hasher, days } = options;
  const periodMs = days * dayMs;
  const releaseAt = Math.round(periodMs * 0.5);
  const releasedModel = 'frontier-2';
  const principals: Principal[] = [];
  const planned: PlannedRequest[] = [];
  const add = (principal: Principal) => principals.push(principal) - 1;

  for (let index = 0; index < options.normal; index++) {
    const kind = normalKinds[index % 10 < 6 ? 0 : index % 10 < 8 ? 1 : 2]!;
    const draws = createDraws(seedOf(`${options.seed}:normal:${index}`));
    const tenant = `org-${index}`;
    const offset = draws.integer(-8, 10);
    const ua = draws.pick(userAgents);
    if (kind === 'agent-app') {
      const keyCount = draws.integer(1, 4);
      const keys = Array.from({ length: keyCount }, (_, key) => `normal-${index}-k${key}`);
      const principal = add({ id: `normal-${index}`, kind, campaign: false, keys });
      const network = networkOf(draws);
      const perDay = draws.logNormal(25, 0.6);
      for (const start of poissonTimes(draws, periodMs, perDay, (time) => applicationLoad(time / hourMs + offset), 1.6)) {
        const conversation = draws.pick(sources.conversations);
        const key = draws.pick(keys);
        let time = start;
        for (const turn of conversation.turns) {
          time += turn.after === 'tool' ? draws.logNormal(1500, 0.5) : draws.logNormal(25_000, 0.8);
          if (time >= periodMs) break;
          planned.push({
            time,
            principal,
            key,
            tenant,
            network,
            userAgent: ua,
            model: 'frontier-1',
            system: sources.agentSystemPrompt,
            tools: sources.agentTools,
            prompt: turn.userText,
            depth: turn.depth,
            inputTokens: Math.round(turn.inputChars / 4),
            outputTokens: turn.outputTokens,
          });
        }
      }
      continue;
    }
    const key = `normal-${index}-k0`;
    const principal = add({ id: `normal-${index}`, kind, campaign: false, keys: [key] });
    const network = networkOf(draws);
    const perDay = kind === 'person' ? draws.logNormal(12, 0.9) : draws.logNormal(8, 0.7);
    const model = draws.chance(0.3) ? releasedModel : 'frontier-1';
    for (const time of poissonTimes(draws, periodMs, perDay, (time) => humanActivity(time / hourMs + offset), 2.2)) {
      const prompt = kind === 'person' ? draws.pick(sources.questions) : draws.pick(sources.math).question;
      planned.push({
        time,
        principal,
        key,
        tenant,
        network,
        userAgent: ua,
        model: model === releasedModel && time < releaseAt ? 'frontier-1' : model,
        prompt,
        depth: 1,
        inputTokens: tokensOf(prompt),
        outputTokens: kind === 'student' ? draws.pick(sources.math).answerTokens : Math.round(draws.logNormal(250, 0.6)),
      });
    }
  }

  for (const kind of campaignKinds) {
    for (let index = 0; index < options.campaignsPerKind; index++) {
      const draws = createDraws(seedOf(`${options.seed}:${kind}:${index}`));
      const plan = campaignPlan(kind, draws);
      const keys = Array.from({ length: plan.keys }, (_, key) => `${kind}-${index}-k${key}`);
      const principal = add({ id: `${kind}-${index}`, kind, campaign: true, keys });
      const networks = Array.from({ length: plan.networks }, () => networkOf(draws));
      const agents = Array.from({ length: plan.userAgents }, () => draws.pick(userAgents));
      const startAt = draws.between(0, periodMs * 0.25);
      keys.forEach((key, keyIndex) => {
        const tenant = `${kind}-${index}-t${keyIndex % plan.tenants}`;
        const network = networks[keyIndex % networks.length]!;
        const userAgent = agents[keyIndex % agents.length]!;
        const offset = draws.integer(-8, 10);
        const times = plan.regular ? regularTimes(draws, startAt, periodMs, plan.perKeyPerDay) : poissonTimes(draws, periodMs, plan.perKeyPerDay, (time) => (time < startAt ? 0 : humanActivity(time / hourMs + offset)), 2.2);
        for (const time of times) {
          const model = kind === 'volume-release' && time >= releaseAt && draws.chance(0.5) ? releasedModel : 'frontier-1';
          let system: string | undefined;
          let prompt: string;
          let tools: readonly string[] | undefined;
          if (kind === 'reasoning-rubric') prompt = reasoningRubricPrompt(draws, sources.math);
          else if (kind === 'agentic-hydra') {
            const task = agenticTask(draws);
            system = task.system;
            prompt = task.prompt;
            tools = agentToolNames;
          }
          else if (kind === 'volume-release') prompt = volumePrompt(draws, sources.questions, sources.math);
          else prompt = paraphrasedReasoningPrompt(draws, sources.math);
          planned.push({ time, principal, key, tenant, network, userAgent, model, ...(system === undefined ? {} : { system }), ...(tools === undefined ? {} : { tools }), prompt, depth: system === undefined ? 1 : 2, inputTokens: tokensOf(prompt), outputTokens: Math.round(draws.logNormal(plan.outputTokens, 0.4)) });
        }
      });
    }
  }

  planned.sort((left, right) => left.time - right.time);
  const events = planned.map((request) => ({ principal: request.principal, event: toEvent(request, hasher) }));
  return { principals, events, periodMs, releasedModel, releaseAt, releases: { [releasedModel]: new Date(epoch + releaseAt).toISOString() } };
}

interface CampaignPlan {
  keys: number;
  tenants: number;
  networks: number;
  userAgents: number;
  perKeyPerDay: number;
  regular: boolean;
  outputTokens: number;
}

/**
 * The shape of each campaign kind, scaled down from the published figures (150k, 3.4M and 13M exchanges over
 * weeks) to a few days of a gateway's traffic while keeping their structure: few precise keys, a hydra of many
 * keys across tenants sharing infrastructure, a volume operation, and two evasions (paraphrased prompts with human
 * timing; a campaign spread thin over many keys and networks with human timing).
 */
function campaignPlan(kind: (typeof campaignKinds)[number], draws: Draws): CampaignPlan {
  switch (kind) {
    case 'reasoning-rubric':
      return { keys: draws.integer(2, 4), tenants: 1, networks: 1, userAgents: 1, perKeyPerDay: draws.between(300, 600), regular: true, outputTokens: 700 };
    case 'agentic-hydra':
      return { keys: draws.integer(30, 60), tenants: 12, networks: 4, userAgents: 1, perKeyPerDay: draws.between(60, 120), regular: true, outputTokens: 900 };
    case 'volume-release':
      return { keys: draws.integer(6, 10), tenants: 2, networks: 2, userAgents: 2, perKeyPerDay: draws.between(1200, 2000), regular: true, outputTokens: 800 };
    case 'evasive-paraphrase':
      return { keys: draws.integer(2, 4), tenants: 2, networks: 2, userAgents: 2, perKeyPerDay: draws.between(100, 250), regular: false, outputTokens: 650 };
    case 'evasive-spread-thin':
      return { keys: draws.integer(40, 80), tenants: 40, networks: 40, userAgents: 6, perKeyPerDay: draws.between(20, 40), regular: false, outputTokens: 650 };
  }
}

/** Scripted timing: a fixed period with a little jitter, from `startAt` on. */
function regularTimes(draws: Draws, startAt: number, periodMs: number, perDay: number): number[] {
  const gap = dayMs / perDay;
  const times: number[] = [];
  for (let time = startAt + draws.between(0, gap); time < periodMs; time += gap * draws.between(0.8, 1.2)) times.push(time);
  return times;
}

/** Simulated time starts at midnight UTC of an ordinary day. */
const epoch = Date.UTC(2026, 1, 2);

function toEvent(request: PlannedRequest, hasher: KeyedHasher): ExtractionEvent {
  const chat: ChatRequest = {
    model: request.model,
    stream: false,
    messages: [
      ...(request.system === undefined ? [] : [{ role: 'system' as const, content: [{ type: 'text' as const, text: request.system }] }]),
      { role: 'user' as const, content: [{ type: 'text' as const, text: request.prompt }] },
    ],
    ...(request.tools === undefined ? {} : { tools: request.tools.map((name) => ({ name, inputSchema: { type: 'object' } })) }),
  };
  const fingerprint = fingerprintChat(chat, hasher);
  return {
    time: epoch + request.time,
    tenant: request.tenant,
    keyId: request.key,
    network: request.network,
    userAgent: request.userAgent,
    model: request.model,
    status: 200,
    refused: false,
    inputTokens: request.inputTokens,
    outputTokens: request.outputTokens,
    ...fingerprint,
    depth: request.depth,
  };
}
