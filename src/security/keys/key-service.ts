import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { KeyRepository, StoredKey } from '../../store/key-repository.ts';
import { hashSecret } from '../key-store.ts';
import { createKeyInputSchema, type CreateKeyInput } from './create-key-input.ts';
import { displayPrefix, generateKeyId, generateKeySecret } from './key-secret.ts';

/** A key as the admin API and CLI show it: everything but the hashes. */
export type KeyInfo = Omit<StoredKey, 'hash' | 'previousHash'>;

/** A key with its secret: the one moment the secret exists outside its owner's hands. */
export interface IssuedKey {
  key: KeyInfo;
  secret: string;
}

export interface KeyService {
  /** Creates a key; the secret in the answer is shown once and never again. Invalid input: `invalid_request`. */
  create(input: CreateKeyInput): Promise<IssuedKey>;
  list(filter?: { tenant?: string; includeRevoked?: boolean }): Promise<KeyInfo[]>;
  /** Undefined when there is no such key, or it belongs to another tenant than `tenant` (when given). */
  get(id: string, tenant?: string): Promise<KeyInfo | undefined>;
  /** Revokes at once (idempotent). Undefined as for `get`. */
  revoke(id: string, tenant?: string): Promise<KeyInfo | undefined>;
  /**
   * Issues a new secret for the same key (id, settings and budgets kept). The old secret stops working at once,
   * or after `graceSeconds`. Undefined as for `get`; a revoked key cannot be rotated (`invalid_request`).
   */
  rotate(id: string, options?: { tenant?: string; graceSeconds?: number }): Promise<IssuedKey | undefined>;
}

export interface KeyServiceOptions {
  repository: KeyRepository;
  /**
   * Called (and awaited) with the key as stored after every change, so the key store takes it in before the
   * caller is answered: pass `(key) => keyStore.apply(key)`.
   */
  onChange?: (key: StoredKey) => void | Promise<void>;
  now?: () => number;
}

function toInfo(key: StoredKey): KeyInfo {
  const { hash: _hash, previousHash: _previousHash, ...info } = key;
  return info;
}

/** Creates, lists, revokes and rotates virtual keys over a `KeyRepository`. */
export function createKeyService(options: KeyServiceOptions): KeyService {
  const { repository } = options;
  const now = options.now ?? Date.now;
  const changed = async (key: StoredKey | undefined) => {
    if (key) await options.onChange?.(key);
  };
  const owned = async (id: string, tenant: string | undefined) => {
    const key = await repository.get(id);
    return key && (tenant === undefined || key.tenant === tenant) ? key : undefined;
  };

  return {
    async create(input) {
      const parsed = createKeyInputSchema.safeParse(input);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const path = issue?.path.join('.') ?? '';
        throw new GatewayError('invalid_request', { message: `${path ? `${path}: ` : ''}${issue?.message ?? 'invalid key'}`, param: path || undefined });
      }
      const fields = parsed.data;
      const secret = generateKeySecret();
      const key: StoredKey = {
        id: generateKeyId(),
        tenant: fields.tenant,
        name: fields.name,
        prefix: displayPrefix(secret),
        hash: hashSecret(secret),
        scopes: [...new Set(fields.scopes)],
        models: [...new Set(fields.models)],
        clearance: fields.clearance,
        labels: fields.labels,
        budgets: fields.budgets,
        rateLimits: fields.rateLimits,
        createdAt: now(),
        ...(fields.country === undefined ? {} : { country: fields.country }),
        ...(fields.expiresAt === undefined ? {} : { expiresAt: fields.expiresAt }),
      };
      await repository.insert(key);
      await changed(key);
      return { key: toInfo(key), secret };
    },

    async list(filter) {
      return (await repository.list(filter)).map(toInfo);
    },

    async get(id, tenant) {
      const key = await owned(id, tenant);
      return key ? toInfo(key) : undefined;
    },

    async revoke(id, tenant) {
      if (!(await owned(id, tenant))) return undefined;
      const revoked = await repository.revoke(id, now());
      await changed(revoked);
      return revoked ? toInfo(revoked) : undefined;
    },

    async rotate(id, rotateOptions = {}) {
      const key = await owned(id, rotateOptions.tenant);
      if (!key) return undefined;
      if (key.revokedAt !== undefined) throw new GatewayError('invalid_request', { message: 'A revoked key cannot be rotated.' });
      const graceSeconds = rotateOptions.graceSeconds ?? 0;
      if (!Number.isFinite(graceSeconds) || graceSeconds < 0 || graceSeconds > 30 * 86_400) {
        throw new GatewayError('invalid_request', { message: 'The grace period must be between 0 and 2592000 seconds (30 days).', param: 'grace_seconds' });
      }
      const time = now();
      const secret = generateKeySecret();
      const rotated = await repository.changeHash(id, {
        hash: hashSecret(secret),
        prefix: displayPrefix(secret),
        rotatedAt: time,
        ...(graceSeconds > 0 ? { previousHash: key.hash, previousHashExpiresAt: time + Math.round(graceSeconds * 1000) } : {}),
      });
      await changed(rotated);
      if (!rotated) throw new GatewayError('invalid_request', { message: 'The key was revoked while being rotated.' });
      return { key: toInfo(rotated), secret };
    },
  };
}
