import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A peer gateway installed from the npm registry into its own folder under `bench/peers/`. */
export interface PeerPackage {
  /** The peer's folder: its own `package.json` and `package-lock.json` (exact versions); `node_modules` is not committed. */
  folder: string;
  /** The npm package that is the peer, e.g. `@portkey-ai/gateway`. */
  packageName: string;
  /** The exact version the lockfile pins. */
  version: string;
  /** A file the peer is started from, relative to the package's folder. */
  entry: string;
}

/** The installed package's folder inside the peer's `node_modules`. */
export const packageFolderOf = (peer: PeerPackage): string => join(peer.folder, 'node_modules', ...peer.packageName.split('/'));

function installedVersion(peer: PeerPackage): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(packageFolderOf(peer), 'package.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

const installed = (peer: PeerPackage) => installedVersion(peer) === peer.version && existsSync(join(packageFolderOf(peer), peer.entry));

/**
 * Installs a peer on first use with `npm ci` from its lockfile, scripts off (no peer here needs one; nothing is built
 * or downloaded beyond the registry's tarballs), npm's output on stderr. Resolves with a reason when it cannot, so the
 * run goes on without that peer.
 */
export async function ensurePeerInstalled(peer: PeerPackage, log: (line: string) => void): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (installed(peer)) return { ok: true };
  log(`installing ${peer.packageName} ${peer.version} in ${peer.folder} (npm ci, first use only)...`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const code = await new Promise<number | string>((resolve) => {
    const child = spawn(npm, ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: peer.folder,
      stdio: ['ignore', process.stderr, process.stderr],
    });
    child.once('error', (error) => resolve(error.message));
    child.once('exit', (exitCode, signal) => resolve(exitCode ?? signal ?? 'unknown'));
  });
  if (code !== 0) return { ok: false, reason: `npm ci in ${peer.folder} failed (${code}); is the npm registry reachable?` };
  if (!installed(peer)) return { ok: false, reason: `npm ci did not produce ${join(packageFolderOf(peer), peer.entry)} at version ${peer.version}` };
  return { ok: true };
}
