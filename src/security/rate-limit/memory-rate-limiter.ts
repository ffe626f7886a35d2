import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { SpendJournal } from '../../store/spend-journal.ts';
import type { RateLimiter, RateReservation, RateSubject } from './rate-limiter.ts';
import { requestsRefusal, tokenBounds, tokensRefusal, tooLargeRefusal } from './rate-refusals.ts';
import { TokenWindow } from './token-window.ts';

export interface MemoryRateLimiterOptions {
  /** Clock in ms (tests inject one). */
  now?: () => number;
  /** Window length (ms); limits are "per window". Default one minute. */
  windowMs?: number;
  /**
   * Where token reservations are written before `reserve` resolves (write-ahead, group-committed), so a
   * restarted gateway rebuilds its token windows with `history`. Without it, token windows live in memory only.
   */
  journal?: SpendJournal;
  /** Tokens admitted before a restart (the journal's recent rate holds), counted in their own slots. */
  history?: ReadonlyArray<{ time: number; scopes: readonly string[]; tokens: number }>;
}

/** A reservation, with the slot its tokens were counted in and its journal hold. */
interface Held extends RateReservation {
  state: RateReservation['state'];
  held: Map<string, number>;
  slot: number;
  id?: string;
}

/** Slots per window: one second each for a minute. */
const slotCount = 60;

/**
 * Rate limits in memory. Requests per minute use the generic cell rate algorithm (GCRA): per subject one number,
 * the theoretical arrival time (TAT); a limit of L per window W spaces requests W / L apart and tolerates a burst
 * of a whole window, O(1) per call. Tokens per minute use a sliding window of 60 slots (`TokenWindow`): a request
 * holds its worst case in the slot of its admission and settles to its actual use in that same slot, so the
 * tokens counted over any minute (held while in flight, actual once settled) never exceed the limit at the
 * moment a request is admitted. Idle entries are swept once per window (amortised O(1)).
 * @see https://en.wikipedia.org/wiki/Generic_cell_rate_algorithm
 * @see https://brandur.org/rate-limiting
 */
export function createMemoryRateLimiter(options: MemoryRateLimiterOptions = {}): RateLimiter & { readonly size: number } {
  const now = options.now ?? Date.now;
  const windowMs = options.windowMs ?? 60_000;
  const slotMs = windowMs / slotCount;
  const journal = options.journal;
  const arrival = new Map<string, number>();
  const windows = new Map<string, TokenWindow>();
  let lastSweep = now();

  function windowOf(id: string): TokenWindow {
    let window = windows.get(id);
    if (!window) {
      window = new TokenWindow(slotCount, slotMs);
      windows.set(id, window);
    }
    return window;
  }

  {
    const time = now();
    for (const hold of options.history ?? []) {
      if (hold.time <= time - windowMs || hold.time > time) continue;
      for (const scope of hold.scopes) {
        const window = windowOf(scope);
        window.advance(hold.time);
        window.add(window.slotOf(hold.time), hold.tokens);
      }
    }
  }

  function sweep(time: number): void {
    if (time - lastSweep < windowMs) return;
    lastSweep = time;
    for (const [id, tat] of arrival) if (tat <= time) arrival.delete(id);
    for (const [id, window] of windows) if (window.isIdle(time)) windows.delete(id);
  }

  function unhold(held: Held, actualTokens: number, time: number): void {
    for (const [id, units] of held.held) {
      // Looked up again: an idle window may have been swept while the request was in flight.
      const window = windowOf(id);
      window.advance(time);
      const delta = actualTokens - units;
      // Corrected in the slot of admission while it is in the window; use beyond the hold after it is charged now.
      if (!window.add(held.slot, delta) && delta > 0) window.add(window.slotOf(time), delta);
    }
    if (held.id) journal?.settle({ id: held.id, nanoUsd: 0, tokens: actualTokens });
  }

  return {
    async check(subjects) {
      const time = now();
      sweep(time);
      let waitMs = 0;
      let refusal: GatewayError | undefined;
      for (const subject of subjects) {
        const requestLimit = subject.limits.requestsPerMinute;
        if (requestLimit !== undefined) {
          const excess = Math.max(arrival.get(`${subject.scope}:${subject.id}`) ?? time, time) + windowMs / requestLimit - time - windowMs;
          if (excess > 1e-6 && excess > waitMs) {
            waitMs = excess;
            refusal = requestsRefusal(subject, requestLimit, excess);
          }
        }
        const tokenLimit = subject.limits.tokensPerMinute;
        const window = tokenLimit === undefined ? undefined : windows.get(`${subject.scope}:${subject.id}`);
        if (window && tokenLimit !== undefined) {
          window.advance(time);
          const wait = window.total > tokenLimit ? window.waitFor(time, 0, tokenLimit) : 0;
          if (wait > waitMs) {
            waitMs = wait;
            refusal = tokensRefusal(subject, tokenLimit, wait);
          }
        }
      }
      if (refusal) throw refusal;
      for (const subject of subjects) {
        const limit = subject.limits.requestsPerMinute;
        if (limit === undefined) continue;
        const id = `${subject.scope}:${subject.id}`;
        arrival.set(id, Math.max(arrival.get(id) ?? time, time) + windowMs / limit);
      }
    },

    async reserve(subjects, cost) {
      const time = now();
      sweep(time);
      const { tokens, required } = tokenBounds(cost);
      const limited: Array<{ subject: RateSubject; window: TokenWindow; units: number }> = [];
      let waitMs = 0;
      let refusal: GatewayError | undefined;
      for (const subject of subjects) {
        const limit = subject.limits.tokensPerMinute;
        if (limit === undefined) continue;
        if (required > limit) throw tooLargeRefusal(subject, required, limit);
        const window = windowOf(`${subject.scope}:${subject.id}`);
        window.advance(time);
        // The whole worst case when it fits; else what is left, as long as what the request needs fits.
        const left = limit - window.total;
        const units = tokens <= left ? tokens : Math.max(required, Math.min(tokens, left));
        const wait = window.waitFor(time, units, limit);
        if (wait > waitMs) {
          waitMs = wait;
          refusal = tokensRefusal(subject, limit, wait);
        }
        limited.push({ subject, window, units });
      }
      if (refusal) throw refusal;
      // From the checks to here: synchronous, so no other request can reserve in between.
      const slot = Math.floor(time / slotMs);
      const held: Held = { held: new Map(), time, state: 'held', slot };
      for (const { subject, window, units } of limited) {
        window.add(slot, units);
        held.held.set(`${subject.scope}:${subject.id}`, units);
      }
      if (!journal || limited.length === 0) return held;
      held.id = journal.nextId();
      try {
        await journal.hold({ id: held.id, kind: 'rate', time, scopes: [...held.held.keys()], periods: [], nanoUsd: 0, tokens: Math.max(...held.held.values()) });
      } catch (error) {
        held.state = 'released';
        unhold(held, 0, now());
        throw new GatewayError('internal_error', { message: 'The token reservation could not be recorded durably; nothing was sent.', cause: error });
      }
      return held;
    },

    settle(reservation, actualTokens) {
      const held = reservation as Held;
      if (held.state !== 'held') return;
      held.state = 'settled';
      unhold(held, Number.isFinite(actualTokens) && actualTokens > 0 ? Math.ceil(actualTokens) : 0, now());
    },

    release(reservation) {
      const held = reservation as Held;
      if (held.state !== 'held') return;
      held.state = 'released';
      unhold(held, 0, now());
    },

    get size() {
      return arrival.size + windows.size;
    },
  };
}
