/**
 * Runs the official MCP conformance suite (`@modelcontextprotocol/conformance`, server scenarios, active suite)
 * against Sovereign's `/mcp`, once per protocol revision (2026-07-28 and 2025-11-25), each against its baseline of
 * expected failures in `conformance/` (every entry with its reason; the baselines may only shrink: an entry that
 * passes fails the run). The suite needs Node >= 22: it runs under a Node 22 binary from the npm registry
 * (`npx -y node@22`), while the gateway runs in this process.
 *
 * The suite cannot send a bearer token, so it talks to a loopback proxy that adds the gateway's key and passes
 * everything else (Host and Origin included) through unchanged: authentication stays on, and the DNS-rebinding
 * scenario reaches the gateway's own guard.
 *
 * Usage: npm run mcp:conformance [-- --revision 2026-07-28] [--scenario NAME] [--output DIR] [--verbose]
 */
import { execFileSync, spawn } from 'node:child_process';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, stripVTControlCharacters } from 'node:util';
import { startTestGateway } from '../test/helpers/start-test-gateway.ts';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const revisions = ['2026-07-28', '2025-11-25'] as const;
const { values } = parseArgs({ options: { revision: { type: 'string', multiple: true }, scenario: { type: 'string' }, verbose: { type: 'boolean' }, output: { type: 'string' } } });
const chosen = values.revision ?? [...revisions];

const node22 = execFileSync('npx', ['-y', 'node@22', '-p', 'process.execPath'], { encoding: 'utf8' }).trim();
const cli = join(root, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');

const harness = await startTestGateway({ logLevel: 'warn' });
const target = new URL(harness.url);
const proxy = createServer((incoming, outgoing) => {
  const forwarded = httpRequest(
    { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, authorization: `Bearer ${harness.apiKey}` } },
    (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    },
  );
  forwarded.on('error', () => outgoing.destroy());
  incoming.pipe(forwarded);
});
await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/mcp`;

// The suite's results (checks.json per scenario) are kept only when --output names a directory.
const output = values.output ?? mkdtempSync(join(tmpdir(), 'sovereign-mcp-conformance-'));
const summary: string[] = [];
let failed = false;
try {
  for (const revision of chosen) {
    const args = [cli, 'server', '--url', url, '--spec-version', revision, '--expected-failures', join(root, `conformance/mcp-baseline-${revision}.yml`), '-o', join(output, revision)];
    if (values.scenario) args.push('--scenario', values.scenario);
    if (values.verbose) args.push('--verbose');
    process.stdout.write(`\n== MCP conformance, revision ${revision} (Node 22: ${node22}) ==\n`);
    const lines: string[] = [];
    const code = await new Promise<number>((resolve) => {
      const child = spawn(node22, args, { cwd: output, stdio: ['ignore', 'pipe', 'inherit'] });
      child.stdout.on('data', (chunk: Buffer) => {
        process.stdout.write(chunk);
        lines.push(...chunk.toString('utf8').split('\n'));
      });
      child.on('close', (exit) => resolve(exit ?? 1));
    });
    const plain = lines.map((line) => stripVTControlCharacters(line));
    const totals = plain.filter((line) => /passed|failed|expected|Total|Summary/i.test(line) && !/^\s*[✓✗]/.test(line)).slice(-6);
    summary.push(`${revision}: ${code === 0 ? 'OK (only baselined failures)' : `FAILED (exit ${code})`}`, ...totals.map((line) => `  ${line.trim()}`));
    if (code !== 0) failed = true;
  }
} finally {
  proxy.close();
  await harness.close();
  if (!values.output) rmSync(output, { recursive: true, force: true });
}
process.stdout.write(`\n== MCP conformance summary ==\n${summary.join('\n')}\n`);
process.exitCode = failed ? 1 : 0;
