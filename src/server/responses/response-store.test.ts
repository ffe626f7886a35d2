import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { profileText } from '../../core/profile/profile-text.ts';
import { createSqliteResponseRepository } from '../../store/sqlite/sqlite-response-repository.ts';
import { openTemporaryDatabase, type TemporaryDatabase } from '../../store/sqlite/temporary-database.ts';
import type { ResponsesObject } from '../dialects/responses/responses-wire-types.ts';
import { createResponseStore, type ResponseStore } from './response-store.ts';

function answer(id: string, text: string): ResponsesObject {
  const output = [{ type: 'message' as const, id: `msg_${id}`, status: 'completed' as const, role: 'assistant' as const, content: [{ type: 'output_text' as const, text, annotations: [], logprobs: [] }] }];
  return { id, object: 'response', created_at: 1, status: 'completed', completed_at: 1, error: null, incomplete_details: null, output, usage: null };
}
const acme = { tenant: 'acme', keyId: 'k', admin: false };
const said = (text: string) => ({ type: 'message', id: `msg_in_${text}`, role: 'user', content: [{ type: 'input_text', text }] });

describe('createResponseStore', () => {
  let database: TemporaryDatabase;
  let store: ResponseStore;
  let now: number;
  beforeEach(() => {
    database = openTemporaryDatabase();
    now = 1_800_000_000_000;
    store = createResponseStore({ repository: createSqliteResponseRepository(database.database), ttlSeconds: 60, maxChainLength: 3, now: () => now });
  });
  afterEach(() => database.close());

  it('rebuilds a chain oldest first, input then output of each turn, holding the highest level it carried', async () => {
    await store.save({ tenant: 'acme', keyId: 'k', inputItems: [said('one')], response: answer('resp_1', 'first'), profile: profileText(['x'], { classification: 'SECRET//NOFORN', labels: ['ops'] }) });
    await store.save({ tenant: 'acme', keyId: 'k', previousResponseId: 'resp_1', inputItems: [said('two')], response: answer('resp_2', 'second'), profile: profileText(['y'], { residency: 'DE' }) });
    const conversation = await store.conversation(acme, 'resp_2', 'previous_response_id');
    expect(conversation.items.map((item) => item.id)).toEqual(['msg_in_one', 'msg_resp_1', 'msg_in_two', 'msg_resp_2']);
    expect(conversation.inherited).toEqual({ classification: 'SECRET', caveats: ['NOFORN'], residency: ['DE'], labels: ['ops'] });
  });

  it('forgets a response after its time to live, and a chain through it with it', async () => {
    await store.save({ tenant: 'acme', keyId: 'k', inputItems: [said('one')], response: answer('resp_1', 'first') });
    now += 30_000;
    await store.save({ tenant: 'acme', keyId: 'k', previousResponseId: 'resp_1', inputItems: [said('two')], response: answer('resp_2', 'second') });
    now += 30_001;
    expect(await store.get(acme, 'resp_1')).toBeUndefined();
    expect(await store.get(acme, 'resp_2')).toBeDefined();
    await expect(store.conversation(acme, 'resp_2', 'previous_response_id')).rejects.toMatchObject({ code: 'not_found', param: 'previous_response_id', message: "Previous response with id 'resp_1' not found." });
  });

  it('refuses a chain longer than the limit', async () => {
    for (let index = 1; index <= 4; index++) {
      await store.save({ tenant: 'acme', keyId: 'k', ...(index > 1 ? { previousResponseId: `resp_${index - 1}` } : {}), inputItems: [said(String(index))], response: answer(`resp_${index}`, 'a') });
    }
    expect((await store.conversation(acme, 'resp_3', 'previous_response_id')).items).toHaveLength(6);
    await expect(store.conversation(acme, 'resp_4', 'previous_response_id')).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('scopes every read and delete to the key that stored the response, or an admin key of its tenant', async () => {
    await store.save({ tenant: 'acme', keyId: 'k', inputItems: [], response: answer('resp_1', 'a') });
    const other = { tenant: 'acme', keyId: 'other', admin: false };
    expect(await store.get(other, 'resp_1')).toBeUndefined();
    await expect(store.conversation(other, 'resp_1', 'previous_response_id')).rejects.toMatchObject({ code: 'not_found' });
    expect(await store.delete(other, 'resp_1')).toBe(false);
    expect(await store.get({ ...other, admin: true }, 'resp_1')).toBeDefined();
    expect(await store.delete({ ...other, admin: true }, 'resp_1')).toBe(true);
    expect(await store.get(acme, 'resp_1')).toBeUndefined();
  });

  it("scopes every read to the tenant", async () => {
    await store.save({ tenant: 'acme', keyId: 'k', inputItems: [], response: answer('resp_1', 'a') });
    await expect(store.conversation({ ...acme, tenant: 'globex' }, 'resp_1', 'previous_response_id')).rejects.toMatchObject({ code: 'not_found' });
    expect(await store.delete({ ...acme, tenant: 'globex', admin: true }, 'resp_1')).toBe(false);
    expect(await store.delete(acme, 'resp_1')).toBe(true);
  });
});
