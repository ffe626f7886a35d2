import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors/gateway-error.ts';
import type { Principal } from '../../core/principal.ts';
import { checkScope, hasEndpointScope, isModelAllowed, isOperator, type ScopedPrincipal } from './check-scope.ts';

function principal(scopes: string[], models?: string[]): ScopedPrincipal {
  const base: Principal = { tenant: 'acme', keyId: 'key_a', scopes, clearance: 'UNCLASSIFIED', labels: [] };
  return models === undefined ? base : { ...base, models };
}

describe('checkScope', () => {
  it.each<[string[], string, boolean]>([
    [['*'], 'chat', true],
    [['*'], 'embeddings', true],
    [['*'], 'admin', false],
    [['chat'], 'chat', true],
    [['chat'], 'embeddings', false],
    [['admin'], 'admin', true],
    [['admin'], 'chat', false],
    [['admin:*'], 'admin', true],
    [[], 'chat', false],
  ])('scopes %j on %s: %s', (scopes, endpoint, allowed) => {
    expect(hasEndpointScope(principal(scopes), endpoint)).toBe(allowed);
    if (allowed) expect(() => checkScope(principal(scopes), { endpoint })).not.toThrow();
    else expect(() => checkScope(principal(scopes), { endpoint })).toThrow(expect.objectContaining({ code: 'permission_denied', status: 403 }));
  });

  it('allows only matching models when the key has patterns, every model otherwise', () => {
    const limited = principal(['chat'], ['gpt-4o*', 'claude-*']);
    expect(isModelAllowed(limited, 'gpt-4o-mini')).toBe(true);
    expect(isModelAllowed(limited, 'claude-sonnet')).toBe(true);
    expect(isModelAllowed(limited, 'mistral-large')).toBe(false);
    expect(isModelAllowed(principal(['chat']), 'anything')).toBe(true);
    let thrown: unknown;
    try {
      checkScope(limited, { endpoint: 'chat', model: 'mistral-large' });
    } catch (error) {
      thrown = error;
    }
    expect(GatewayError.isInstance(thrown) && thrown.code).toBe('permission_denied');
    expect(GatewayError.isInstance(thrown) && thrown.message).toContain('"mistral-large"');
    expect(GatewayError.isInstance(thrown) && thrown.param).toBe('model');
  });

  it('knows the operator', () => {
    expect(isOperator(principal(['admin:*']))).toBe(true);
    expect(isOperator(principal(['admin', '*']))).toBe(false);
  });
});
