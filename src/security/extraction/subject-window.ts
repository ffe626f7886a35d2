/** Bits of {@link PromptRecord.flags}. */
export const recordFlags = {
  reasoning: 1,
  rubric: 2,
  /** Refused by the extraction guard (throttled or blocked): counted, never answered. */
  refused: 4,
  /** The same user turn again with more context (an agent's tool loop) or no user text: not a new query. */
  continuation: 8,
  tools: 16,
  /** The same skeleton as an earlier prompt of the key, slots included. */
  repeat: 32,
} as const;

/**
 * One request as the windows keep it: hashes, sketches, counts and times (never text). One record is shared by
 * the windows of its key, tenant and network.
 */
export interface PromptRecord {
  time: number;
  /** Interned model name. */
  model: number;
  inputTokens: number;
  outputTokens: number;
  /** {@link recordFlags}. */
  flags: number;
  /** Index in `capabilityAreaNames`. */
  area: number;
  promptHash: number;
  frame: Uint32Array;
  content: Uint32Array;
  /**
   * PRADA's distance: 1 minus the highest frame similarity to the key's earlier prompts in its window (1 when it
   * has none).
   */
  frameDistance: number;
  /** The highest content similarity to the key's earlier prompts in its window (0 when it has none). */
  contentSimilarity: number;
}

/** Hours of per-model request counts a window keeps (volume, activity and the reaction to a model release). */
export const hourSlots = 72;
const hourMs = 3_600_000;

/**
 * The sliding window of one subject (a key, a tenant, a network): its last `capacity` records, and request
 * counts per model and hour over the last {@link hourSlots} hours.
 */
export class SubjectWindow {
  readonly records: Array<PromptRecord | undefined>;
  private next = 0;
  private filled = 0;
  /** Requests per model per hour, indexed by `hour % hourSlots`. */
  readonly hourly = new Map<number, Uint32Array>();
  private lastHour = -1;
  firstSeen = Number.POSITIVE_INFINITY;
  lastSeen = 0;
  /** Every request ever recorded (also those that left the window). */
  total = 0;
  /** Records added since the subject was last evaluated. */
  sinceEvaluation = 0;

  constructor(readonly capacity: number) {
    this.records = new Array<PromptRecord | undefined>(capacity);
  }

  get size(): number {
    return this.filled;
  }

  /** Adds a record (the oldest leaves when the window is full). Records arrive in time order. */
  push(record: PromptRecord): void {
    this.records[this.next] = record;
    this.next = (this.next + 1) % this.capacity;
    if (this.filled < this.capacity) this.filled++;
    this.count(record.time, record.model);
  }

  /** Counts a request in the hourly counters (also one that is not kept as a record). */
  count(time: number, model: number): void {
    const hour = Math.floor(time / hourMs);
    this.advance(hour);
    let counts = this.hourly.get(model);
    if (!counts) this.hourly.set(model, (counts = new Uint32Array(hourSlots)));
    if (hour > this.lastHour - hourSlots) counts[hour % hourSlots]!++;
    if (time < this.firstSeen) this.firstSeen = time;
    if (time > this.lastSeen) this.lastSeen = time;
    this.total++;
    this.sinceEvaluation++;
  }

  private advance(hour: number): void {
    if (hour <= this.lastHour) return;
    const from = Math.max(this.lastHour + 1, hour - hourSlots + 1);
    for (const counts of this.hourly.values()) for (let slot = from; slot <= hour; slot++) counts[slot % hourSlots] = 0;
    this.lastHour = hour;
  }

  /** The records in time order, oldest first. */
  ordered(): PromptRecord[] {
    const out: PromptRecord[] = [];
    const start = this.filled < this.capacity ? 0 : this.next;
    for (let offset = 0; offset < this.filled; offset++) out.push(this.records[(start + offset) % this.capacity]!);
    return out;
  }

  /** The `count` most recent records, newest first. */
  *recent(count: number): Generator<PromptRecord> {
    for (let offset = 1; offset <= Math.min(count, this.filled); offset++) {
      yield this.records[(this.next - offset + this.capacity) % this.capacity]!;
    }
  }

  /**
   * Requests in the hours `[fromHour, toHour)` (absolute hour numbers), for one model or all; hours older than
   * the counters reach count 0.
   */
  requestsBetween(fromHour: number, toHour: number, model?: number): number {
    const first = Math.max(fromHour, this.lastHour - hourSlots + 1);
    const last = Math.min(toHour, this.lastHour + 1);
    let sum = 0;
    const lists = model === undefined ? [...this.hourly.values()] : this.hourly.has(model) ? [this.hourly.get(model)!] : [];
    for (const counts of lists) for (let hour = first; hour < last; hour++) sum += counts[hour % hourSlots]!;
    return sum;
  }

  /** The absolute number of the latest hour counted (-1 before any). */
  get currentHour(): number {
    return this.lastHour;
  }

  /** Forgets every record and count (an administrator cleared the subject). */
  reset(): void {
    this.records.fill(undefined);
    this.next = 0;
    this.filled = 0;
    this.hourly.clear();
    this.lastHour = -1;
    this.firstSeen = Number.POSITIVE_INFINITY;
    this.total = 0;
    this.sinceEvaluation = 0;
  }
}

export const hourOf = (time: number): number => Math.floor(time / hourMs);
