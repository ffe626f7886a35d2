import type { Principal } from '../../core/principal.ts';
import type { StoredKey } from '../../store/key-repository.ts';
import type { BudgetLimits } from '../budget/budget-limits.ts';
import type { RateLimits } from '../rate-limit/rate-limits.ts';

/**
 * The principal of a virtual key: the core `Principal` plus what the key carries for later stages (model patterns
 * for `checkScope`, budgets for the budget guard, rate limits for the rate limiter). Frozen: stages share it.
 */
export interface KeyPrincipal extends Principal {
  /** Models the key may use, as glob patterns. */
  readonly models: readonly string[];
  readonly budgets: BudgetLimits;
  readonly rateLimits: RateLimits;
  /** When the key stops working (ms since the epoch). */
  readonly expiresAt?: number;
}

export function toKeyPrincipal(key: StoredKey): KeyPrincipal {
  const principal: KeyPrincipal = {
    tenant: key.tenant,
    keyId: key.id,
    keyName: key.name,
    scopes: Object.freeze([...key.scopes]) as string[],
    clearance: key.clearance,
    labels: Object.freeze([...key.labels]) as string[],
    models: Object.freeze([...key.models]),
    budgets: Object.freeze({ ...key.budgets }),
    rateLimits: Object.freeze({ ...key.rateLimits }),
    ...(key.country === undefined ? {} : { country: key.country }),
    ...(key.expiresAt === undefined ? {} : { expiresAt: key.expiresAt }),
  };
  return Object.freeze(principal);
}
