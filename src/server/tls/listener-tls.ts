import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import type { PostQuantumRuntime } from '../../security/tls/post-quantum-runtime.ts';
import type { ServerGroups } from '../../security/tls/predict-server-group.ts';
import { groupsFor, serverGroupList, type PostQuantumMode } from '../../security/tls/tls-groups.ts';
import type { GatewayConfig } from '../config/config-schema.ts';

/** `server.tls` as configured. */
export type ListenerTlsSettings = NonNullable<GatewayConfig['server']['tls']>;

/** The listener's TLS, checked: where its files are, the groups it accepts and how to read the current pair. */
export interface ListenerTls {
  readonly mode: PostQuantumMode;
  readonly certPath: string;
  readonly keyPath: string;
  /** The groups accepted, in the server's preference order, and whether the preference is strict. */
  readonly serverGroups: ServerGroups;
  /** The secure context options of the certificate and key now on disk; throws a message naming the setting. */
  read(): SecureContextOptions;
  /** One line for the banner and `doctor`, e.g. `TLS, post-quantum preferred (X25519MLKEM768 / X25519 / P-256 / P-384)`. */
  readonly summary: string;
}

/**
 * Checks `server.tls` at start-up: `require` on a runtime without post-quantum TLS is refused (fail closed: the
 * gateway does not start rather than serve classical TLS), the certificate and key must be readable and belong
 * together. Each problem names its setting and file, never the key's content. Relative paths start at `baseDirectory`
 * (the configuration file's). On Node 20 and 22 only groups OpenSSL 3.0 knows are ever passed to it (a refused group
 * leaves an error on OpenSSL's queue that breaks later crypto calls).
 */
export function loadListenerTls(settings: ListenerTlsSettings, baseDirectory: string, runtime: PostQuantumRuntime): ListenerTls {
  const mode = settings.postQuantum;
  const ecdhCurve = serverGroupList(mode, runtime);
  if (ecdhCurve === undefined) {
    throw new Error(`server.tls.postQuantum: require accepts only post-quantum key exchange, and ${runtime.summary}; use prefer, or run on Node 24`);
  }
  const certPath = isAbsolute(settings.certFile) ? settings.certFile : resolve(baseDirectory, settings.certFile);
  const keyPath = isAbsolute(settings.keyFile) ? settings.keyFile : resolve(baseDirectory, settings.keyFile);
  const read = (): SecureContextOptions => {
    const options = { cert: readSetting('certFile', certPath), key: readSetting('keyFile', keyPath), ecdhCurve };
    try {
      createSecureContext(options);
    } catch (error) {
      throw new Error(`server.tls: certFile ${certPath} and keyFile ${keyPath} do not make a TLS identity (${(error as Error).message})`);
    }
    return options;
  };
  read();
  const groups = groupsFor(mode, runtime);
  const preference = mode === 'off' ? 'classical only' : mode === 'require' ? 'post-quantum required' : runtime.supported ? 'post-quantum preferred' : 'classical (post-quantum unavailable on this runtime)';
  return { mode, certPath, keyPath, serverGroups: { groups, tuples: runtime.groupTuples }, read, summary: `TLS, ${preference} (${ecdhCurve})` };
}

function readSetting(setting: 'certFile' | 'keyFile', path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new Error(`server.tls.${setting}: ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
