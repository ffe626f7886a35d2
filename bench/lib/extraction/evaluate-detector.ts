import { createExtractionDetector } from '../../../src/security/extraction/extraction-detector.ts';
import { extractionSettingsSchema, type ExtractionSettings } from '../../../src/security/extraction/extraction-settings.ts';
import type { KeyedHasher } from '../../../src/security/extraction/keyed-hash.ts';
import type { PrincipalKind, Workload } from './extraction-workload.ts';

/** What the detector made of one principal. */
export interface PrincipalOutcome {
  id: string;
  kind: PrincipalKind;
  campaign: boolean;
  requests: number;
  keys: number;
  /** Whether any action (flag or harsher) reached one of its keys, its tenants or its networks. */
  detected: boolean;
  /** Its requests up to the first action; undefined when never detected. */
  requestsToDetection?: number;
  /** Keys that had an action on themselves or their tenant. */
  keysDetected: number;
  /** The harshest action reached. */
  harshest: string;
}

export interface DetectorRun {
  outcomes: PrincipalOutcome[];
  events: number;
  /** CPU time of the detector's background computation per request (microseconds). */
  cpuMicrosecondsPerRequest: number;
}

const order = ['none', 'flag', 'throttle', 'review', 'block'];

/**
 * Replays a workload through a fresh detector (simulated time) and records, per principal, whether and when any
 * of its keys, tenants or networks received an action. A normal principal with any action is a false positive.
 */
export function evaluateDetector(workload: Workload, hasher: KeyedHasher, settings: ExtractionSettings = extractionSettingsSchema.parse({ releases: workload.releases })): DetectorRun {
  const keyOwner = new Map<string, number>();
  const tenantOwners = new Map<string, Set<number>>();
  const networkOwners = new Map<string, Set<number>>();
  const requests = new Array<number>(workload.principals.length).fill(0);
  const firstAt = new Array<number | undefined>(workload.principals.length).fill(undefined);
  const harshest = new Array<string>(workload.principals.length).fill('none');
  const keysHit = workload.principals.map(() => new Set<string>());
  workload.principals.forEach((principal, index) => principal.keys.forEach((key) => keyOwner.set(key, index)));
  const tenantKeys = new Map<string, Set<string>>();
  for (const { principal, event } of workload.events) {
    if (!tenantOwners.has(event.tenant)) tenantOwners.set(event.tenant, new Set());
    tenantOwners.get(event.tenant)!.add(principal);
    if (!tenantKeys.has(event.tenant)) tenantKeys.set(event.tenant, new Set());
    tenantKeys.get(event.tenant)!.add(event.keyId);
  }
  const detector = createExtractionDetector({
    settings,
    hasher,
    startedAt: workload.events[0]?.event.time ?? 0,
    onChange(change) {
      if (change.to === 'none') return;
      const { kind, subject } = change.case;
      const owners = kind === 'key' ? [keyOwner.get(subject)] : kind === 'tenant' ? [...(tenantOwners.get(subject) ?? [])] : [...(networkOwners.get(subject) ?? [])];
      for (const owner of owners) {
        if (owner === undefined) continue;
        firstAt[owner] ??= requests[owner];
        if (order.indexOf(change.to) > order.indexOf(harshest[owner]!)) harshest[owner] = change.to;
        if (kind === 'key') keysHit[owner]!.add(subject);
        if (kind === 'tenant') for (const key of tenantKeys.get(subject) ?? []) if (keyOwner.get(key) === owner) keysHit[owner]!.add(key);
      }
    },
  });
  const started = process.cpuUsage();
  for (const { principal, event } of workload.events) {
    requests[principal]!++;
    if (event.network !== undefined) {
      const id = detector.networkId(event.network);
      if (!networkOwners.has(id)) networkOwners.set(id, new Set());
      networkOwners.get(id)!.add(principal);
    }
    detector.ingest(event);
  }
  const used = process.cpuUsage(started);
  const outcomes = workload.principals.map((principal, index) => ({
    id: principal.id,
    kind: principal.kind,
    campaign: principal.campaign,
    requests: requests[index]!,
    keys: principal.keys.length,
    detected: firstAt[index] !== undefined,
    ...(firstAt[index] === undefined ? {} : { requestsToDetection: firstAt[index] }),
    keysDetected: keysHit[index]!.size,
    harshest: harshest[index]!,
  }));
  return { outcomes, events: workload.events.length, cpuMicrosecondsPerRequest: (used.user + used.system) / Math.max(1, workload.events.length) };
}

/** The median of a list (undefined when empty). */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((left, right) => left - right);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
