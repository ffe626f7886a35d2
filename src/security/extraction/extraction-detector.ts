import { createCoordinationIndex, type KeyCluster } from './coordination-index.ts';
import { caseId, type CaseEvidence, type ExtractionCase, type ExtractionChange, type SubjectKind } from './extraction-case.ts';
import type { ExtractionEvent } from './extraction-event.ts';
import { actionForScore, severity, throttleRate, throttles } from './extraction-policy.ts';
import { defaultScoreModel, scoreSubject, type CoordinationFacts, type ScoreContribution, type ScoreModel } from './extraction-score.ts';
import type { ExtractionAction, ExtractionSettings } from './extraction-settings.ts';
import { hashSequence, type KeyedHasher } from './keyed-hash.ts';
import { bottomKJaccard } from './min-hash.ts';
import { groupVocabulary, vocabularyFit } from './group-vocabulary.ts';
import { pooledFeatures } from './pooled-features.ts';
import { compilePromptLexicon, contentSketchSize, frameSketchSize, promptTraits } from './prompt-traits.ts';
import { computeFeatures, type ModelRelease, type SubjectFeatures } from './subject-features.ts';
import { recordFlags, SubjectWindow, type PromptRecord } from './subject-window.ts';

/** An action in force, as the request path looks it up. */
export interface ActiveAction {
  action: ExtractionAction;
  caseId: string;
  /** The throttle bucket: the key's own, or its group's (so a group is throttled as one). */
  bucket: string;
  requestsPerMinute: number;
}

interface SubjectState {
  kind: SubjectKind;
  id: string;
  tenant?: string;
  window: SubjectWindow;
  features?: SubjectFeatures;
  template?: Uint32Array;
  ownScore: number;
  ownReasons: ScoreContribution[];
  score: number;
  reasons: ScoreContribution[];
  action: ExtractionAction;
  since: number;
  lastAboveAt: number;
  exemptUntil: number;
  updatedAt: number;
  /** Requests refused by the subject's throttle since its action last changed. */
  refusals: number;
  networks: string[];
  userAgents: string[];
  systems: string[];
  /** The evidence of a case put back after a restart, shown until the subject is scored again. */
  restored?: CaseEvidence;
}

interface ClusterState {
  sinceEvaluation: number;
  size: number;
  score: number;
  reasons: ScoreContribution[];
  facts: CoordinationFacts;
  features?: SubjectFeatures;
}

export interface ExtractionDetectorOptions {
  settings: ExtractionSettings;
  hasher: KeyedHasher;
  model?: ScoreModel;
  /** Called on every action change (the gateway audits and stores it). */
  onChange?: (change: ExtractionChange) => void;
  /** When the detector started (ms): models first requested `releaseWarmupHours` later count as releases. */
  startedAt?: number;
}

const hourMs = 3_600_000;
const comparedRecords = 48;
/** The lowest own score at which a key is compared with the vocabularies of groups with an action. */
const attachFloor = 0.1;
/** The share of a key's queries that must speak a group's vocabulary for the key to join the group. */
const attachFit = 0.6;
const evidenceValues = 8;
const round = (value: number) => (Number.isFinite(value) ? Math.round(value * 1000) / 1000 : 0);

/**
 * The extraction detector: takes events (from the background queue), keeps a sliding window per key, tenant and
 * client network, scores them and the groups of keys that act together, and applies the policy. Everything here
 * runs off the request path; the request path only reads {@link ExtractionDetector.enforcement}.
 */
export function createExtractionDetector(options: ExtractionDetectorOptions) {
  const { settings, hasher } = options;
  const model = options.model ?? defaultScoreModel;
  const lexicon = compilePromptLexicon(hasher);
  const coordination = createCoordinationIndex();
  const subjects = new Map<string, SubjectState>();
  const clusters = new Map<string, ClusterState>();
  const keyActions = new Map<string, ActiveAction>();
  const tenantActions = new Map<string, ActiveAction>();
  const networkActions = new Map<string, ActiveAction>();
  const models = new Map<string, number>();
  const releases: ModelRelease[] = [];
  const evidenceCache = new Map<string, string>();
  /** The vocabularies of groups with an action, by a member key (see {@link attachByVocabulary}). */
  const vocabularies = new Map<string, Set<number>>();
  const exemptTenants = new Set(settings.exempt.tenants);
  const exemptKeys = new Set(settings.exempt.keys);
  const startedAt = options.startedAt ?? Date.now();
  const rate = throttleRate(settings.policy);
  const blockAfterRefusals = settings.policy.find((rule) => rule.action === 'block')?.afterRefusals;
  let clock = 0;
  let lastMaintenance = 0;
  let processed = 0;

  for (const [name, at] of Object.entries(settings.releases)) releases.push({ model: internModel(name, Number.NEGATIVE_INFINITY), at: Date.parse(at) });

  function internModel(name: string, now: number): number {
    let id = models.get(name);
    if (id === undefined) {
      models.set(name, (id = models.size));
      if (now - startedAt >= settings.releaseWarmupHours * hourMs) releases.push({ model: id, at: now });
    }
    return id;
  }

  /** The HMAC evidence hash of a value, cached (networks and user agents repeat). */
  function evidence(text: string): string {
    let value = evidenceCache.get(text);
    if (value === undefined) {
      if (evidenceCache.size >= 50_000) evidenceCache.clear();
      evidenceCache.set(text, (value = hasher.evidence(text)));
    }
    return value;
  }

  function subject(kind: SubjectKind, id: string, tenant?: string): SubjectState {
    const name = caseId(kind, id);
    let state = subjects.get(name);
    if (!state) {
      state = {
        kind,
        id,
        ...(tenant === undefined ? {} : { tenant }),
        window: new SubjectWindow(settings.window),
        ownScore: 0,
        ownReasons: [],
        score: 0,
        reasons: [],
        action: 'none',
        since: 0,
        lastAboveAt: 0,
        exemptUntil: 0,
        updatedAt: 0,
        refusals: 0,
        networks: [],
        userAgents: [],
        systems: [],
      };
      subjects.set(name, state);
    }
    return state;
  }

  const noteValue = (list: string[], value: string) => {
    if (list.includes(value)) return;
    list.push(value);
    if (list.length > evidenceValues) list.shift();
  };

  function toRecord(event: ExtractionEvent, key: SubjectState): PromptRecord {
    const traits = promptTraits(event.prompt.words, lexicon, event.tools > 0);
    let flags = (traits.reasoning ? recordFlags.reasoning : 0) | (traits.rubric ? recordFlags.rubric : 0) | (event.refused ? recordFlags.refused : 0) | (event.tools > 0 ? recordFlags.tools : 0);
    let frameDistance = 1;
    let contentSimilarity = 0;
    if (event.prompt.words.length === 0) flags |= recordFlags.continuation;
    else {
      let compared = 0;
      for (const previous of key.window.recent(comparedRecords)) {
        if (previous.flags & recordFlags.continuation) continue;
        if (previous.promptHash === event.prompt.hash) {
          // The same user turn again, deeper into the conversation: an agent's next step, not a new query.
          if (event.depth > 2 && compared < 8) {
            flags |= recordFlags.continuation;
            break;
          }
          flags |= recordFlags.repeat;
        }
        frameDistance = Math.min(frameDistance, 1 - bottomKJaccard(traits.frame, previous.frame, frameSketchSize));
        contentSimilarity = Math.max(contentSimilarity, bottomKJaccard(traits.content, previous.content, contentSketchSize));
        compared++;
      }
    }
    return {
      time: event.time,
      model: internModel(event.model, event.time),
      inputTokens: event.inputTokens,
      outputTokens: event.outputTokens,
      flags,
      area: traits.area,
      promptHash: event.prompt.hash,
      frame: traits.frame,
      content: traits.content,
      frameDistance,
      contentSimilarity,
    };
  }

  function ingest(event: ExtractionEvent): void {
    if (exemptTenants.has(event.tenant) || exemptKeys.has(event.keyId)) return;
    processed++;
    clock = Math.max(clock, event.time);
    const key = subject('key', event.keyId, event.tenant);
    const tenant = subject('tenant', event.tenant, event.tenant);
    const record = toRecord(event, key);
    key.window.push(record);
    tenant.window.push(record);
    let network: SubjectState | undefined;
    if (event.network !== undefined) {
      const id = evidence(`network:${event.network}`);
      network = subject('network', id);
      network.window.push(record);
      noteValue(key.networks, id);
      coordination.observe(event.keyId, event.tenant, 'network', id);
    }
    if (event.userAgent !== undefined && event.userAgent !== '') {
      const id = evidence(`user-agent:${event.userAgent}`);
      noteValue(key.userAgents, id);
      coordination.observe(event.keyId, event.tenant, 'userAgent', id);
    }
    if (event.system !== 0) {
      const id = event.system.toString(16).padStart(13, '0');
      noteValue(key.systems, id);
      coordination.observe(event.keyId, event.tenant, 'system', id);
    }
    if (event.toolset !== 0) coordination.observe(event.keyId, event.tenant, 'toolset', event.toolset.toString(16));

    if (event.refused && blockAfterRefusals !== undefined) {
      for (const state of [key, tenant]) {
        if (throttles(state.action) && ++state.refusals >= blockAfterRefusals && !(state.kind === 'tenant' && severity(settings.tenants.maxAction) < severity('block'))) {
          const explanation = `kept sending while throttled: ${state.refusals} requests refused by the throttle`;
          state.reasons = [{ term: 'refusals', value: state.refusals, contribution: 0, explanation }, ...state.reasons.filter((reason) => reason.term !== 'refusals')];
          change(state, 'block', event.time, 'detector');
        }
      }
    }
    if (key.window.sinceEvaluation >= settings.evaluateEvery) evaluateKey(key, event.time);
    if (tenant.window.sinceEvaluation >= settings.evaluateEvery * 2) evaluateAlone(tenant, event.time, settings.tenants.maxAction);
    if (network && network.window.sinceEvaluation >= settings.evaluateEvery * 2) evaluateAlone(network, event.time, settings.networks.maxAction);
    const cluster = coordination.clusterOf(event.keyId);
    if (cluster) {
      const state = clusterState(cluster);
      state.sinceEvaluation++;
      if (state.size !== cluster.members.length || state.sinceEvaluation >= settings.evaluateEvery * 2) evaluateCluster(cluster, event.time);
    }
    if (event.time - lastMaintenance >= hourMs) maintain(event.time);
  }

  function clusterState(cluster: KeyCluster): ClusterState {
    const root = coordination.root(cluster.id);
    let state = clusters.get(root);
    if (!state) clusters.set(root, (state = { sinceEvaluation: 0, size: 0, score: 0, reasons: [], facts: { keys: 0, tenants: 0 } }));
    return state;
  }

  function featureContext(now: number) {
    return { releases, now };
  }

  function evaluateKey(key: SubjectState, now: number): void {
    key.window.sinceEvaluation = 0;
    if (key.window.size < 4) return;
    const { features, template } = computeFeatures(key.window.ordered(), key.window, featureContext(now));
    key.features = features;
    key.template = template;
    coordination.observeTemplate(key.id, template);
    let cluster = coordination.clusterOf(key.id);
    const facts = cluster ? clusterFacts(cluster) : { keys: 1, tenants: 1 };
    if (features.queries >= settings.minQueries) {
      const own = scoreSubject(features, facts, model);
      key.ownScore = own.score;
      key.ownReasons = own.reasons;
      if (own.score >= attachFloor && !(cluster && vocabularies.has(cluster.id)) && attachByVocabulary(key)) cluster = coordination.clusterOf(key.id);
    }
    const group = cluster ? clusters.get(coordination.root(cluster.id)) : undefined;
    if (group && group.score > key.ownScore) decide(key, group.score, group.reasons, now, 'block');
    else decide(key, key.ownScore, key.ownReasons, now, 'block');
  }

  /**
   * Joins a key to a group with an action whose vocabulary most of its queries speak (see `group-vocabulary.ts`):
   * a campaign spread thin over many keys, each with too few prompts for a template of its own, still draws its
   * wording from the campaign's pool. Only keys that look suspicious on their own ({@link attachFloor}) are
   * compared. Returns whether the key was joined.
   */
  function attachByVocabulary(key: SubjectState): boolean {
    if (key.action !== 'none' || vocabularies.size === 0) return false;
    const root = coordination.root(key.id);
    const compared = new Set<string>([root]);
    let records: PromptRecord[] | undefined;
    for (const [anchor, vocabulary] of vocabularies) {
      const group = coordination.root(anchor);
      if (compared.has(group)) continue;
      compared.add(group);
      records ??= key.window.ordered();
      if (vocabularyFit(records, vocabulary) < attachFit) continue;
      coordination.link(key.id, anchor, 'vocabulary');
      return true;
    }
    return false;
  }

  function evaluateAlone(state: SubjectState, now: number, maxAction: ExtractionAction): void {
    state.window.sinceEvaluation = 0;
    const { features, template } = computeFeatures(state.window.ordered(), state.window, featureContext(now));
    state.features = features;
    state.template = template;
    if (features.queries < settings.minQueries) return;
    const own = scoreSubject(features, { keys: 0, tenants: 0 }, model);
    state.ownScore = own.score;
    state.ownReasons = own.reasons;
    decide(state, own.score, own.reasons, now, maxAction);
  }

  function clusterFacts(cluster: KeyCluster): CoordinationFacts {
    const tenants = new Set<string>();
    for (const member of cluster.members) {
      const tenant = subjects.get(caseId('key', member))?.tenant;
      if (tenant !== undefined) tenants.add(tenant);
    }
    return { keys: cluster.members.length, tenants: tenants.size };
  }

  function evaluateCluster(cluster: KeyCluster, now: number): void {
    const state = clusterState(cluster);
    state.sinceEvaluation = 0;
    state.size = cluster.members.length;
    const members = cluster.members.map((member) => subjects.get(caseId('key', member))).filter((member): member is SubjectState => member !== undefined);
    const { features, pool } = pooledFeatures(members, featureContext(now));
    state.features = features;
    state.facts = clusterFacts(cluster);
    if (features.queries < settings.minQueries) return;
    const scored = scoreSubject(features, state.facts, model);
    state.score = scored.score;
    state.reasons = scored.reasons;
    vocabularies.delete(cluster.id);
    if (actionForScore(scored.score, settings.policy, 'block') !== 'none') {
      vocabularies.set(cluster.id, groupVocabulary(pool));
      if (vocabularies.size > 64) vocabularies.delete(vocabularies.keys().next().value!);
    }
    for (const member of members) {
      if (scored.score > member.ownScore) decide(member, scored.score, scored.reasons, now, 'block');
    }
  }

  /** Applies the policy to a subject's latest score: escalates at once, eases only after `decayHours`. */
  function decide(state: SubjectState, score: number, reasons: ScoreContribution[], now: number, maxAction: ExtractionAction): void {
    state.score = score;
    state.reasons = reasons;
    state.updatedAt = now;
    if (state.exemptUntil > now) return;
    const target = actionForScore(score, settings.policy, maxAction);
    const current = state.action;
    if (severity(target) >= severity(current) && current !== 'none') state.lastAboveAt = now;
    if (severity(target) > severity(current)) {
      change(state, target, now, 'detector');
      state.lastAboveAt = now;
    } else if (severity(target) < severity(current) && (current === 'flag' || current === 'throttle') && now - state.lastAboveAt >= settings.decayHours * hourMs) {
      change(state, target, now, 'detector');
    }
  }

  function change(state: SubjectState, to: ExtractionAction, now: number, by: string): void {
    const from = state.action;
    state.action = to;
    state.since = now;
    state.refusals = 0;
    const id = caseId(state.kind, state.id);
    const actions = state.kind === 'key' ? keyActions : state.kind === 'tenant' ? tenantActions : networkActions;
    if (to === 'none') actions.delete(state.id);
    else {
      const cluster = state.kind === 'key' ? coordination.clusterOf(state.id) : undefined;
      actions.set(state.id, { action: to, caseId: id, bucket: cluster ? `cluster:${cluster.id}` : id, requestsPerMinute: rate });
    }
    options.onChange?.({ case: toCase(state), from, to, by, at: now });
  }

  function toCase(state: SubjectState): ExtractionCase {
    return {
      id: caseId(state.kind, state.id),
      kind: state.kind,
      subject: state.id,
      ...(state.tenant === undefined ? {} : { tenant: state.tenant }),
      action: state.action,
      score: round(state.score),
      since: state.since,
      updatedAt: state.updatedAt,
      ...(state.exemptUntil > 0 ? { exemptUntil: state.exemptUntil } : {}),
      evidence: evidenceOf(state),
    };
  }

  function evidenceOf(state: SubjectState): CaseEvidence {
    if (state.restored && !state.features) return { ...state.restored, score: round(state.score) };
    const features: Record<string, number | string> = {};
    for (const [name, value] of Object.entries(state.features ?? {})) features[name] = typeof value === 'number' ? round(value) : value;
    const cluster = state.kind === 'key' ? coordination.clusterOf(state.id) : undefined;
    const group = cluster ? clusters.get(coordination.root(cluster.id)) : undefined;
    const template = state.template && state.template.length > 0 ? hashSequence(0x7e3, state.template, 0, state.template.length) : undefined;
    return {
      score: round(state.score),
      ownScore: round(state.ownScore),
      requests: state.window.total,
      features,
      reasons: state.reasons.slice(0, 6).map((reason) => reason.explanation),
      ...(cluster
        ? {
            cluster: {
              id: cluster.id,
              keys: cluster.members.length,
              tenants: group?.facts.tenants ?? clusterFacts(cluster).tenants,
              score: round(group?.score ?? 0),
              sample: [...cluster.members].sort().slice(0, 20),
              shared: coordination.sharedKinds(state.id),
            },
          }
        : {}),
      hashes: {
        ...(template === undefined ? {} : { template: hasher.evidence(`template:${template}`) }),
        networks: [...state.networks],
        userAgents: [...state.userAgents],
        systems: state.systems.map((system) => hasher.evidence(`system:${system}`)),
      },
    };
  }

  function maintain(now: number): void {
    lastMaintenance = now;
    const activeSince = now - 48 * hourMs;
    coordination.rebuild((key) => (subjects.get(caseId('key', key))?.window.lastSeen ?? 0) >= activeSince);
    clusters.clear();
    vocabularies.clear();
    if (subjects.size > settings.maxSubjects) {
      const idle = [...subjects.entries()].filter(([, state]) => state.action === 'none').sort(([, left], [, right]) => left.window.lastSeen - right.window.lastSeen);
      for (const [name] of idle.slice(0, subjects.size - Math.floor(settings.maxSubjects * 0.9))) subjects.delete(name);
    }
  }

  return {
    ingest,

    /**
     * The harshest action in force for a request of this key, tenant and network (the network's evidence id, see
     * {@link networkId}); undefined when none. Map look-ups only: this is what the request path calls.
     */
    enforcement(tenant: string, keyId: string, network?: string): ActiveAction | undefined {
      let active = keyActions.get(keyId);
      const byTenant = tenantActions.get(tenant);
      if (byTenant && (!active || severity(byTenant.action) > severity(active.action))) active = byTenant;
      if (network !== undefined) {
        const byNetwork = networkActions.get(network);
        if (byNetwork && (!active || severity(byNetwork.action) > severity(active.action))) active = byNetwork;
      }
      return active;
    },

    /** Whether any network has an action that changes its requests (the request path then hashes the network). */
    get enforcesNetworks(): boolean {
      for (const active of networkActions.values()) if (throttles(active.action) || active.action === 'block') return true;
      return false;
    },

    /** The evidence id of a network (`203.0.113.0/24`), as cases and {@link enforcement} name it. */
    networkId(network: string): string {
      return evidence(`network:${network}`);
    },

    /** How many keys, tenants and networks have each action in force (map sizes only: cheap at scrape time). */
    inForce(): Array<{ subject: SubjectKind; action: ExtractionAction; count: number }> {
      const out: Array<{ subject: SubjectKind; action: ExtractionAction; count: number }> = [];
      for (const [subject, actions] of [['key', keyActions], ['tenant', tenantActions], ['network', networkActions]] as const) {
        const counts = new Map<ExtractionAction, number>();
        for (const active of actions.values()) counts.set(active.action, (counts.get(active.action) ?? 0) + 1);
        for (const [action, count] of counts) out.push({ subject, action, count });
      }
      return out;
    },

    /** Cases with an action in force, harshest and highest first. */
    cases(): ExtractionCase[] {
      return [...subjects.values()]
        .filter((state) => state.action !== 'none')
        .map(toCase)
        .sort((left, right) => severity(right.action) - severity(left.action) || right.score - left.score);
    },

    /** One subject's case (also without an action in force), undefined when it was never seen. */
    case(id: string): ExtractionCase | undefined {
      const state = subjects.get(id);
      return state ? toCase(state) : undefined;
    },

    /** Groups of at least two coordinated keys, largest first. */
    clusters(): Array<{ id: string; keys: string[]; tenants: number; score: number; reasons: string[] }> {
      const seen = new Set<string>();
      const out: Array<{ id: string; keys: string[]; tenants: number; score: number; reasons: string[] }> = [];
      for (const state of subjects.values()) {
        if (state.kind !== 'key') continue;
        const cluster = coordination.clusterOf(state.id);
        if (!cluster || seen.has(cluster.id)) continue;
        seen.add(cluster.id);
        const group = clusters.get(coordination.root(cluster.id));
        out.push({
          id: cluster.id,
          keys: [...cluster.members].sort(),
          tenants: clusterFacts(cluster).tenants,
          score: round(group?.score ?? 0),
          reasons: (group?.reasons ?? []).slice(0, 6).map((reason) => reason.explanation),
        });
      }
      return out.sort((left, right) => right.keys.length - left.keys.length);
    },

    /**
     * Lifts a case: forgets the subject's window and score and removes its action; with `exemptHours`, the subject
     * takes no action for that long. Returns the change, or undefined when the case is unknown.
     */
    clear(id: string, by: string, exemptHours = 0, now = Math.max(clock, Date.now())): ExtractionChange | undefined {
      const state = subjects.get(id);
      if (!state) return undefined;
      const from = state.action;
      state.window.reset();
      state.features = undefined;
      state.template = undefined;
      state.restored = undefined;
      state.ownScore = 0;
      state.ownReasons = [];
      state.score = 0;
      state.reasons = [];
      state.exemptUntil = exemptHours > 0 ? now + exemptHours * hourMs : 0;
      state.updatedAt = now;
      let recorded: ExtractionChange | undefined;
      const listener = options.onChange;
      if (from !== 'none') {
        state.action = 'none';
        state.since = now;
        (state.kind === 'key' ? keyActions : state.kind === 'tenant' ? tenantActions : networkActions).delete(state.id);
        recorded = { case: toCase(state), from, to: 'none', by, at: now };
        listener?.(recorded);
      }
      return recorded ?? { case: toCase(state), from, to: 'none', by, at: now };
    },

    /**
     * Puts back a case stored before a restart, or opened by another instance: its action (which holds until it
     * decays or is cleared), score, evidence and exemption. The window starts empty.
     */
    restore(stored: ExtractionCase, exemptUntil = 0): void {
      const state = subject(stored.kind, stored.subject, stored.tenant);
      state.action = stored.action;
      state.exemptUntil = exemptUntil;
      state.restored = stored.evidence;
      state.ownScore = Math.max(state.ownScore, stored.evidence.ownScore);
      state.since = stored.since;
      state.score = stored.score;
      state.updatedAt = stored.updatedAt;
      state.lastAboveAt = stored.updatedAt;
      if (stored.action === 'none') return;
      const actions = stored.kind === 'key' ? keyActions : stored.kind === 'tenant' ? tenantActions : networkActions;
      const bucket = stored.evidence.cluster ? `cluster:${stored.evidence.cluster.id}` : stored.id;
      actions.set(stored.subject, { action: stored.action, caseId: stored.id, bucket, requestsPerMinute: rate });
    },

    stats() {
      return { processed, subjects: subjects.size, models: models.size, releases: releases.length, coordination: coordination.stats() };
    },
  };
}

export type ExtractionDetector = ReturnType<typeof createExtractionDetector>;
