import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RepositoryFixture } from './key-repository-contract.ts';
import type { ResponseRepository, StoredResponse, StoredResponseContents } from './response-repository.ts';

export function sampleStoredResponse(overrides: Partial<StoredResponse> = {}): StoredResponse {
  return {
    id: 'resp_a',
    tenant: 'acme',
    keyId: 'key_a',
    createdAt: 1_700_000_000_000,
    expiresAt: 1_700_000_100_000,
    response: { id: 'resp_a', object: 'response', output: [{ type: 'message', content: [{ type: 'output_text', text: 'Grüße, 世界 \u2028' }] }] },
    inputItems: [{ type: 'message', id: 'msg_1', role: 'user', content: [{ type: 'input_text', text: 'Hello' }] }],
    profile: { classification: 'SECRET', caveats: ['NOFORN'], residency: ['EU'], labels: ['team-x'] },
    ...overrides,
  };
}

/** The behaviour every `ResponseRepository` backend must have. */
export function describeResponseRepositoryContract(backend: string, open: () => Promise<RepositoryFixture<ResponseRepository>>): void {
  describe(`ResponseRepository contract (${backend})`, () => {
    let fixture: RepositoryFixture<ResponseRepository>;
    beforeEach(async () => {
      fixture = await open();
    });
    afterEach(async () => {
      await fixture.close();
    });

    it('returns what was stored, field for field', async () => {
      const stored = sampleStoredResponse({ previousResponseId: 'resp_0' });
      await fixture.repository.put(stored);
      expect(await fixture.repository.get('acme', 'resp_a', 1_700_000_000_001)).toEqual(stored);
    });

    it('keeps a response from every other tenant', async () => {
      await fixture.repository.put(sampleStoredResponse());
      expect(await fixture.repository.get('other', 'resp_a', 1_700_000_000_001)).toBeUndefined();
      expect(await fixture.repository.delete('other', 'resp_a', 1_700_000_000_001)).toBe(false);
      expect(await fixture.repository.get('acme', 'resp_a', 1_700_000_000_001)).toBeDefined();
    });

    it('treats an expired response as missing and sweeps it', async () => {
      await fixture.repository.put(sampleStoredResponse());
      await fixture.repository.put(sampleStoredResponse({ id: 'resp_b', expiresAt: 1_700_000_200_000 }));
      expect(await fixture.repository.get('acme', 'resp_a', 1_700_000_100_000)).toBeUndefined();
      expect(await fixture.repository.delete('acme', 'resp_a', 1_700_000_100_000)).toBe(false);
      expect(await fixture.repository.deleteExpired(1_700_000_100_000)).toBe(1);
      expect(await fixture.repository.deleteExpired(1_700_000_100_000)).toBe(0);
      expect(await fixture.repository.get('acme', 'resp_b', 1_700_000_100_000)).toBeDefined();
    });

    it('deletes once', async () => {
      await fixture.repository.put(sampleStoredResponse());
      expect(await fixture.repository.delete('acme', 'resp_a', 1_700_000_000_001)).toBe(true);
      expect(await fixture.repository.delete('acme', 'resp_a', 1_700_000_000_001)).toBe(false);
      expect(await fixture.repository.get('acme', 'resp_a', 1_700_000_000_001)).toBeUndefined();
    });

    it('replaces a response stored again under its id', async () => {
      await fixture.repository.put(sampleStoredResponse());
      await fixture.repository.put(sampleStoredResponse({ response: { id: 'resp_a', status: 'completed' } }));
      expect((await fixture.repository.get('acme', 'resp_a', 1_700_000_000_001))?.response).toEqual({ id: 'resp_a', status: 'completed' });
    });
  });
}

/** The content pass every backend offers for the storage-key rotation (`StoredResponseContents`). */
export function describeStoredResponseContentsContract(backend: string, open: () => Promise<RepositoryFixture<ResponseRepository & StoredResponseContents>>): void {
  describe(`StoredResponseContents contract (${backend})`, () => {
    let fixture: RepositoryFixture<ResponseRepository & StoredResponseContents>;
    beforeEach(async () => {
      fixture = await open();
    });
    afterEach(async () => {
      await fixture.close();
    });

    it('pages every row in id order, expired ones included, and replaces content only while it is unchanged', async () => {
      for (const id of ['resp_c', 'resp_a', 'resp_b']) await fixture.repository.put(sampleStoredResponse({ id, response: { sealed: id }, expiresAt: id === 'resp_b' ? 1 : 1_700_000_100_000 }));
      const first = await fixture.repository.page('', 2);
      expect(first.map((row) => row.id)).toEqual(['resp_a', 'resp_b']);
      expect(first[0]).toEqual({ tenant: 'acme', id: 'resp_a', response: { sealed: 'resp_a' } });
      expect((await fixture.repository.page('resp_b', 2)).map((row) => row.id)).toEqual(['resp_c']);
      expect(await fixture.repository.page('resp_c', 2)).toEqual([]);
      expect(await fixture.repository.replace('acme', 'resp_a', { sealed: 'resp_a' }, { sealed: 'again' })).toBe(true);
      expect(await fixture.repository.replace('acme', 'resp_a', { sealed: 'resp_a' }, { sealed: 'lost' })).toBe(false);
      expect(await fixture.repository.replace('other', 'resp_c', { sealed: 'resp_c' }, { sealed: 'lost' })).toBe(false);
      expect((await fixture.repository.get('acme', 'resp_a', 1_700_000_000_001))?.response).toEqual({ sealed: 'again' });
    });
  });
}
