import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { Principal } from '../../core/principal.ts';
import { authenticate } from '../../server/stages/authenticate.ts';
import type { PipelineContext } from '../../server/pipeline/context.ts';
import { createMemoryKeyStore, hashSecret } from '../key-store.ts';
import { chainKeyStores } from './chain-key-stores.ts';
import { checkScope } from './check-scope.ts';
import { openKeyFixture, type KeyFixture } from './test-key-fixture.ts';

/**
 * The authentication table at module level: the gateway's authenticate stage over the virtual key store chained
 * after the in-memory store of configured keys, then the scope check a later stage makes.
 */
describe('authentication table', () => {
  let fixture: KeyFixture;
  const secrets: Record<string, string> = {};
  const configuredSecret = 'configured-secret-of-any-shape';

  beforeAll(async () => {
    fixture = await openKeyFixture();
    const create = async (name: string, extra: Record<string, unknown> = {}) => (await fixture.service.create({ tenant: 'acme', name, ...extra })).secret;
    secrets.valid = await create('valid', { scopes: ['chat'], models: ['gpt-*'] });
    secrets.revoked = await create('revoked');
    secrets.expired = await create('expired', { expiresAt: fixture.clock.time + 1 });
    secrets.embeddingsOnly = await create('embeddings only', { scopes: ['embeddings'] });
    const keys = await fixture.service.list();
    await fixture.service.revoke(keys.find((key) => key.name === 'revoked')!.id);
    fixture.clock.time += 1;
  });
  afterAll(() => {
    fixture.close();
  });

  async function run(headers: Record<string, string>, check?: { endpoint: string; model?: string }): Promise<Principal | GatewayError> {
    const configured = createMemoryKeyStore([
      { hash: hashSecret(configuredSecret), principal: { tenant: 'default', keyId: 'key_default', scopes: ['*'], clearance: 'UNCLASSIFIED', labels: [] } },
    ]);
    const stage = authenticate(chainKeyStores(configured, fixture.store));
    const context = { headers: new Headers(headers) } as unknown as PipelineContext;
    try {
      await stage(context, async () => {
        if (check && context.principal) checkScope(context.principal, check);
      });
      return context.principal as Principal;
    } catch (error) {
      if (GatewayError.isInstance(error)) return error;
      throw error;
    }
  }

  it.each<[string, () => Record<string, string>, { endpoint: string; model?: string } | undefined, string]>([
    ['missing', () => ({}), undefined, 'authentication_required'],
    ['malformed Authorization header', () => ({ authorization: `Basic ${secrets.valid}` }), undefined, 'invalid_api_key'],
    ['empty x-api-key', () => ({ 'x-api-key': ' ' }), undefined, 'invalid_api_key'],
    ['malformed secret', () => ({ authorization: 'Bearer sk-sov-short' }), undefined, 'invalid_api_key'],
    ['unknown secret', () => ({ authorization: `Bearer sk-sov-${'Z'.repeat(32)}` }), undefined, 'invalid_api_key'],
    ['revoked key', () => ({ authorization: `Bearer ${secrets.revoked}` }), undefined, 'invalid_api_key'],
    ['expired key', () => ({ 'x-api-key': secrets.expired! }), undefined, 'invalid_api_key'],
    ['wrong endpoint scope', () => ({ authorization: `Bearer ${secrets.embeddingsOnly}` }), { endpoint: 'chat' }, 'permission_denied'],
    ['model outside the key’s patterns', () => ({ authorization: `Bearer ${secrets.valid}` }), { endpoint: 'chat', model: 'claude-3' }, 'permission_denied'],
    ['admin endpoint with a model key', () => ({ authorization: `Bearer ${secrets.valid}` }), { endpoint: 'admin' }, 'permission_denied'],
  ])('%s → %s', async (_case, headers, check, code) => {
    const sent = headers();
    const outcome = await run(sent, check);
    expect(GatewayError.isInstance(outcome)).toBe(true);
    if (!GatewayError.isInstance(outcome)) return;
    expect(outcome.code).toBe(code);
    expect(outcome.status).toBe(code === 'permission_denied' ? 403 : 401);
    for (const secret of Object.values(secrets)) expect(JSON.stringify({ message: outcome.message, details: outcome.details })).not.toContain(secret);
  });

  it.each<[string, () => Record<string, string>, string]>([
    ['a virtual key as Bearer', () => ({ authorization: `Bearer ${secrets.valid}` }), 'acme'],
    ['a virtual key as x-api-key', () => ({ 'x-api-key': secrets.valid! }), 'acme'],
    ['a configured key of any shape', () => ({ authorization: `Bearer ${configuredSecret}` }), 'default'],
  ])('%s → principal', async (_case, headers, tenant) => {
    const outcome = await run(headers(), { endpoint: 'chat', model: 'gpt-4o' });
    expect(GatewayError.isInstance(outcome)).toBe(false);
    expect((outcome as Principal).tenant).toBe(tenant);
  });
});
