import { chmodSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../bench/overhead/free-port.ts';
import { openAuditLog } from '../security/audit/audit-log.ts';
import { sampleEntry, temporaryHome } from '../security/audit/audit-test-support.ts';
import { providerSchema, type ProviderEntryInput } from '../core/catalog/catalog-schema.ts';
import { providerProbe } from './check-providers.ts';
import { doctorCommand } from './doctor-command.ts';

const goodKey = 'sk-good-0123456789';
const badKey = 'sk-revoked-9876543210';
let home: string;
let directory: string;
let server: Server;
let port: number;
let closedPort: number;
const seen: { url: string; authorization: string | undefined }[] = [];

beforeAll(async () => {
  home = temporaryHome();
  const log = openAuditLog({ home });
  await Promise.all(Array.from({ length: 12 }, (_, index) => log.append(sampleEntry(index))));
  await log.close();
  directory = mkdtempSync(join(tmpdir(), 'sovereign-doctor-'));
  // A provider that takes one key and refuses any other, as OpenAI's model list does.
  server = createServer((request, response) => {
    seen.push({ url: request.url ?? '', authorization: request.headers.authorization });
    const ok = request.url === '/v1/models' && request.headers.authorization === `Bearer ${goodKey}`;
    response.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' }).end(ok ? '{"object":"list","data":[]}' : '{"error":{"message":"Incorrect API key"}}');
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  port = (server.address() as AddressInfo).port;
  closedPort = await freePort();
});

afterAll(async () => {
  await new Promise((closed) => server.close(closed));
  rmSync(home, { recursive: true, force: true });
  rmSync(directory, { recursive: true, force: true });
});

function configFile(providers: { id: string; baseUrl: string; apiKey: string }[]): string {
  const file = join(directory, `config-${providers.map((provider) => provider.id).join('-')}.yaml`);
  const entries = providers.map(
    (provider) => `  - { id: ${provider.id}, adapter: openai-compatible, tier: cloud, jurisdiction: US, operator: { name: X, country: US }, baseUrl: "${provider.baseUrl}", apiKey: "${provider.apiKey}", models: [{ name: m-${provider.id} }] }`,
  );
  writeFileSync(file, `providers:\n${entries.join('\n')}\n`);
  return file;
}

async function doctor(argv: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  try {
    return { code: await doctorCommand(argv), stdout };
  } finally {
    vi.restoreAllMocks();
  }
}

describe('sovereign doctor', () => {
  it('passes a healthy installation: provider reachable with its key, state database, signing key and audit chain', async () => {
    const config = configFile([{ id: 'good', baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: goodKey }]);
    const result = await doctor(['--config', config, '--home', home]);
    expect(result.stdout).toMatch(/provider good: ok http:\/\/127\.0\.0\.1:\d+\/v1\/models: reachable, key accepted \(HTTP 200/);
    expect(result.stdout).toMatch(/audit signing key: ok ML-DSA-65 key [0-9a-f]{16}, mode 600/);
    expect(result.stdout).toMatch(/audit chain: ok .*audit\.db: 12 records, 1 checkpoints verified/);
    expect(result.stdout).toContain('all 4 checks passed');
    expect(result.code).toBe(0);
  });

  it('reports a refused key and an unreachable provider, each with what to do, never the key, and exits 1', async () => {
    const config = configFile([
      { id: 'good', baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: goodKey },
      { id: 'revoked', baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: badKey },
      { id: 'gone', baseUrl: `http://user:hunter2@127.0.0.1:${closedPort}/v1`, apiKey: goodKey },
    ]);
    const result = await doctor(['--config', config, '--home', home, '--timeout', '2000']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/provider revoked: FAILED http:\/\/127\.0\.0\.1:\d+\/v1\/models: the key was refused \(HTTP 401\)\n\s+fix: replace the apiKey of provider "revoked"/);
    expect(result.stdout).toMatch(new RegExp(`provider gone: FAILED http://127\\.0\\.0\\.1:${closedPort}/v1/models: cannot connect \\(ECONNREFUSED\\)\\n\\s+fix: check that the server runs`));
    expect(result.stdout).toContain('2 of 6 checks FAILED');
    for (const secret of [goodKey, badKey, 'hunter2']) expect(result.stdout).not.toContain(secret);
    expect(seen.some((call) => call.authorization === `Bearer ${badKey}`)).toBe(true);
  });

  it('reports a tampered audit log at the first altered record and exits 1', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'sovereign-doctor-tampered-'));
    try {
      cpSync(home, copy, { recursive: true });
      const database = new Database(join(copy, 'audit.db'));
      database.prepare("UPDATE audit_records SET record = json_set(record, '$.provider', 'us-east') WHERE seq = 7").run();
      database.close();
      const config = configFile([{ id: 'good', baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: goodKey }]);
      const result = await doctor(['--config', config, '--home', copy]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/audit chain: FAILED .*audit\.db: broken at record 7: .+\n\s+fix: the log changed after it was written/);
      expect(result.stdout).toContain('1 of 4 checks FAILED');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('refuses a signing key other users can read, and a public key file that is not the signing key', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'sovereign-doctor-key-'));
    const other = temporaryHome();
    try {
      cpSync(home, copy, { recursive: true });
      chmodSync(join(copy, 'audit-signing-key.json'), 0o644);
      const config = configFile([{ id: 'good', baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: goodKey }]);
      const readable = await doctor(['--config', config, '--home', copy]);
      expect(readable.code).toBe(1);
      expect(readable.stdout).toMatch(/audit signing key: FAILED .*readable by other users \(mode 644\); run: chmod 600/);
      chmodSync(join(copy, 'audit-signing-key.json'), 0o600);
      await openAuditLog({ home: other }).close();
      cpSync(join(other, 'audit-public-key.json'), join(copy, 'audit-public-key.json'));
      const replaced = await doctor(['--config', config, '--home', copy]);
      expect(replaced.code).toBe(1);
      expect(replaced.stdout).toMatch(/audit signing key: FAILED .*audit-public-key\.json holds key [0-9a-f]{16}, not the signing key [0-9a-f]{16}/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('exits 78 for an invalid configuration and 2 for a bad option', async () => {
    const file = join(directory, 'invalid.yaml');
    writeFileSync(file, 'server: { port: 70000 }\n');
    expect((await doctor(['--config', file, '--home', home])).code).toBe(78);
    expect((await doctor(['--timeout', 'soon'])).code).toBe(2);
  });
});

describe('providerProbe', () => {
  const base = { tier: 'cloud', jurisdiction: 'US', operator: { name: 'X', country: 'US' }, models: [{ name: 'm' }] } as const;
  const probe = (entry: Omit<ProviderEntryInput, keyof typeof base>) => providerProbe(providerSchema.parse({ ...base, ...entry }));

  it('calls each API model list with the credential its adapter sends', () => {
    expect(probe({ id: 'o', adapter: 'openai-compatible', baseUrl: 'https://api.openai.com/v1/', apiKey: 'k1' })).toEqual({
      url: 'https://api.openai.com/v1/models',
      headers: expect.objectContaining({ authorization: 'Bearer k1' }),
    });
    const azure = probe({ id: 'a', adapter: 'openai-compatible', baseUrl: 'https://r.openai.azure.com/openai/deployments/d', apiKey: 'k2', azure: { apiVersion: '2024-10-21' } });
    expect(azure?.url).toBe('https://r.openai.azure.com/openai/deployments/d/models?api-version=2024-10-21');
    expect(azure?.headers['api-key']).toBe('k2');
    expect(azure?.headers.authorization).toBeUndefined();
    const anthropic = probe({ id: 'c', adapter: 'anthropic', baseUrl: 'https://api.anthropic.com/v1', apiKey: 'k3' });
    expect(anthropic?.url).toBe('https://api.anthropic.com/v1/models');
    expect(anthropic?.headers).toMatchObject({ 'x-api-key': 'k3', 'anthropic-version': '2023-06-01' });
    expect(probe({ id: 'g', adapter: 'gemini', baseUrl: 'https://generativelanguage.googleapis.com/v1beta', apiKey: 'k4' })).toMatchObject({
      url: 'https://generativelanguage.googleapis.com/v1beta/models',
      headers: { 'x-goog-api-key': 'k4' },
    });
    const ollama = probe({ id: 'l', adapter: 'ollama', baseUrl: 'http://127.0.0.1:11434' });
    expect(ollama?.url).toBe('http://127.0.0.1:11434/api/tags');
    expect(ollama?.headers.authorization).toBeUndefined();
    expect(probe({ id: 's', adapter: 'openai-compatible', simulated: {} })).toBeUndefined();
  });
});
