import { describe, expect, it } from 'vitest';
import { EnvelopeError } from '../../security/envelope/envelope.ts';
import { newStorageKeyringFile, parseStorageKeyring, rotateStorageKeyringFile } from '../../security/envelope/storage-keyring.ts';
import { describeResponseRepositoryContract } from '../../store/response-repository-contract.ts';
import type { StoredResponse } from '../../store/response-repository.ts';
import { createSqliteResponseRepository } from '../../store/sqlite/sqlite-response-repository.ts';
import { openTemporaryDatabase } from '../../store/sqlite/temporary-database.ts';
import { sealedField, sealResponseRepository } from './seal-response-repository.ts';

const keyringFile = newStorageKeyringFile();
const keyring = parseStorageKeyring(keyringFile, 'test');

// The sealed repository keeps the whole repository contract.
describeResponseRepositoryContract('sqlite, sealed', async () => {
  const temporary = openTemporaryDatabase();
  return { repository: sealResponseRepository(createSqliteResponseRepository(temporary.database), keyring), close: temporary.close };
});

const secret = 'Patient Jane Roe, MRN 448812, diagnosis';
function stored(id: string): StoredResponse {
  return {
    id,
    tenant: 'acme',
    keyId: 'key_1',
    createdAt: 1_000,
    expiresAt: 10_000_000,
    response: { id, object: 'response', output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: `${secret} noted` }] }] },
    inputItems: [{ id: 'msg_1', type: 'message', role: 'user', content: secret }],
    profile: { classification: 'OFFICIAL', caveats: [], residency: [], labels: [] } as unknown as StoredResponse['profile'],
  };
}

describe('sealed stored responses', () => {
  it('never hold the content in clear in the database, and read back as stored', async () => {
    const temporary = openTemporaryDatabase();
    try {
      const plain = createSqliteResponseRepository(temporary.database);
      const sealed = sealResponseRepository(plain, keyring);
      await sealed.put(stored('resp_1'));
      const rows = temporary.database.prepare('SELECT * FROM stored_responses').all();
      expect(JSON.stringify(rows)).not.toContain('MRN 448812');
      expect(JSON.stringify(rows)).toContain(sealedField);
      const raw = await plain.get('acme', 'resp_1', 2_000);
      expect(raw?.inputItems).toEqual([]);
      expect(await sealed.get('acme', 'resp_1', 2_000)).toEqual(stored('resp_1'));
      expect(await sealed.get('other', 'resp_1', 2_000)).toBeUndefined();
    } finally {
      temporary.close();
    }
  });

  it('sealed under an old key are still readable after rotation; new ones use the new key; unsealed rows read as they are', async () => {
    const temporary = openTemporaryDatabase();
    try {
      const plain = createSqliteResponseRepository(temporary.database);
      await plain.put(stored('resp_legacy'));
      await sealResponseRepository(plain, keyring).put(stored('resp_old'));
      const rotated = parseStorageKeyring(rotateStorageKeyringFile(keyringFile), 'rotated');
      const after = sealResponseRepository(plain, rotated);
      await after.put(stored('resp_new'));
      expect(await after.get('acme', 'resp_old', 2_000)).toEqual(stored('resp_old'));
      expect(await after.get('acme', 'resp_new', 2_000)).toEqual(stored('resp_new'));
      expect(await after.get('acme', 'resp_legacy', 2_000)).toEqual(stored('resp_legacy'));
      // The old keyring cannot open what the new key sealed.
      await expect(sealResponseRepository(plain, keyring).get('acme', 'resp_new', 2_000)).rejects.toThrow(EnvelopeError);
    } finally {
      temporary.close();
    }
  });

  it('refuse a row whose envelope was altered in the database', async () => {
    const temporary = openTemporaryDatabase();
    try {
      const plain = createSqliteResponseRepository(temporary.database);
      const sealed = sealResponseRepository(plain, keyring);
      await sealed.put(stored('resp_1'));
      const row = (await plain.get('acme', 'resp_1', 2_000))!;
      const envelope = Buffer.from(row.response[sealedField] as string, 'base64');
      envelope[envelope.length - 20]! ^= 0x40;
      await plain.put({ ...row, response: { [sealedField]: envelope.toString('base64') } });
      await expect(sealed.get('acme', 'resp_1', 2_000)).rejects.toThrow(EnvelopeError);
    } finally {
      temporary.close();
    }
  });
});
