import { ensureNullplatform, startNullplatform } from './nullplatform-target.ts';
import { ensurePortkey, startPortkey } from './portkey-target.ts';
import type { Target } from './target.ts';

/** A gateway of the field measured beside Sovereign, installed from the npm registry on first use. */
export interface PeerGateway {
  readonly name: 'portkey' | 'nullplatform';
  /** How the run's preamble describes it. */
  readonly description: string;
  /** How it is started (progress line). */
  readonly startLine: string;
  ensure(log: (line: string) => void): Promise<{ ok: true } | { ok: false; reason: string }>;
  start(workDirectory: string, upstreamOrigin: string, core: number): Promise<Target>;
  /**
   * Whether wrong streamed answers make the peer broken (it is left out, and `--smoke` fails), as for a peer known
   * to stream correctly at its pinned versions; otherwise its streaming scenarios are skipped with the reason printed,
   * and its plain ones still run.
   */
  readonly streamingRequired: boolean;
}

/** The peers in report order; `--no-<name>` leaves one out. */
export const peerGateways: readonly PeerGateway[] = [
  {
    name: 'portkey',
    description: '@portkey-ai/gateway 1.15.2 (hono 4.9.7, @hono/node-server 1.13.5), headless, bound to 127.0.0.1',
    startLine: 'starting Portkey (build/start-server.js --headless)...',
    ensure: ensurePortkey,
    start: startPortkey,
    streamingRequired: true,
  },
  {
    name: 'nullplatform',
    description: '@nullplatform/llm-gateway 2.0.11 (express, axios), production mode, info logs, no plugins, bound to 127.0.0.1',
    startLine: "starting nullplatform's LLM Gateway (dist/cli.js start)...",
    ensure: ensureNullplatform,
    start: startNullplatform,
    streamingRequired: false,
  },
];
