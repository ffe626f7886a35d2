import type { ExtractionCaseRepository, StoredExtractionCase } from '../../store/extraction-case-repository.ts';
import type { ExtractionChange } from './extraction-case.ts';
import type { ExtractionDetector } from './extraction-detector.ts';
import { severity } from './extraction-policy.ts';

export interface ExtractionCaseSyncOptions {
  repository: ExtractionCaseRepository;
  detector: ExtractionDetector;
  /** This gateway instance's id (rows it wrote itself are skipped when it reads the changes). */
  instance: string;
  /** How often the stored changes are read (ms): clears asked for from the CLI, cases other instances opened. */
  intervalMs: number;
  onError?: (error: unknown) => void;
  now?: () => number;
}

const hourMs = 3_600_000;

/**
 * Keeps the detector's cases in the case repository, so a restart does not lift them: every action change is
 * written (in order, off the request path); at start-up the stored cases are put back; then the stored changes
 * are read every `intervalMs`: a clear asked for from the CLI is applied (and so audited, like any change), and a
 * case another instance opened, or an administrator cleared there, holds here too.
 */
export function createExtractionCaseSync(options: ExtractionCaseSyncOptions) {
  const { repository, detector, instance } = options;
  const now = options.now ?? Date.now;
  const onError = options.onError ?? (() => undefined);
  let revision = 0;
  let loaded = false;
  let writes: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<void> | undefined;

  /** Queues a write; writes happen one after the other, so the stored case is always the latest. */
  function enqueue(write: () => Promise<unknown>): Promise<unknown> {
    writes = writes.then(write).catch(onError);
    return writes;
  }

  function persist(change: ExtractionChange): Promise<unknown> {
    const { exemptUntil = 0, ...found } = change.case;
    return enqueue(() => repository.put({ case: found, changedBy: change.by, exemptUntil, instance }));
  }

  async function load(): Promise<void> {
    let highest = 0;
    for (const stored of await repository.list()) {
      highest = Math.max(highest, stored.revision);
      if (stored.case.action !== 'none' || stored.exemptUntil > now()) detector.restore(stored.case, stored.exemptUntil);
    }
    revision = highest;
    loaded = true;
    // Clear requests filed while no gateway was running are applied now.
    for (const stored of await repository.list()) if (stored.clearRequest) await apply(stored);
  }

  async function apply(stored: StoredExtractionCase): Promise<void> {
    const id = stored.case.id;
    const local = detector.case(id);
    if (stored.clearRequest) {
      const { by, exemptHours, at } = stored.clearRequest;
      const change = detector.clear(id, by, exemptHours, Math.max(at, now()));
      // A case this detector does not hold (never seen here): the stored row is lifted as it is.
      if (!change || change.from === 'none') {
        const exemptUntil = exemptHours > 0 ? Math.max(at, now()) + exemptHours * hourMs : 0;
        await enqueue(() => repository.put({ case: { ...stored.case, action: 'none', score: 0, since: at, updatedAt: at }, changedBy: by, exemptUntil, instance }));
      }
      await enqueue(() => repository.settleClear(id));
      return;
    }
    if (stored.instance === instance) return;
    const localAction = local?.action ?? 'none';
    if (severity(stored.case.action) > severity(localAction)) detector.restore(stored.case, stored.exemptUntil);
    else if (stored.case.action === 'none' && stored.changedBy !== 'detector' && localAction !== 'none' && stored.case.since >= (local?.since ?? 0)) {
      // An administrator cleared it on another instance.
      const exemptHours = stored.exemptUntil > now() ? (stored.exemptUntil - now()) / hourMs : 0;
      detector.clear(id, stored.changedBy, exemptHours, stored.case.since);
    }
  }

  async function poll(): Promise<void> {
    if (!loaded) return load();
    for (;;) {
      const changes = await repository.changedSince(revision, 500);
      for (const stored of changes) {
        revision = Math.max(revision, stored.revision);
        await apply(stored);
      }
      if (changes.length < 500) return;
    }
  }

  /** Reads the stored changes now (one pass at a time). */
  function sync(): Promise<void> {
    polling ??= poll()
      .catch(onError)
      .finally(() => {
        polling = undefined;
      });
    return polling;
  }

  return {
    persist,
    sync,

    /** Puts the stored cases back (a failure is reported and retried at the next interval), then reads changes periodically. */
    async open(): Promise<void> {
      await sync();
      timer = setInterval(() => void sync(), options.intervalMs);
      timer.unref();
    },

    /** Stops reading and waits for the queued writes. */
    async close(): Promise<void> {
      if (timer) clearInterval(timer);
      await polling;
      await writes;
    },
  };
}

export type ExtractionCaseSync = ReturnType<typeof createExtractionCaseSync>;
