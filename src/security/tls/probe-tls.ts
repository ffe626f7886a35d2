import { connect, type ConnectionOptions } from 'node:tls';
import type { ConnectionSecurity } from '../../core/transport/transport-security.ts';
import { readConnectionSecurity } from './read-connection-security.ts';

/** Where and how to shake hands. */
export interface TlsProbeTarget {
  /** An `https:` URL; only its host and port are used. */
  url: string;
  /** The groups offered (`ecdhCurve`); default: the runtime's own. */
  groups?: string | undefined;
  /** Trusted authorities (PEM) instead of the system's. */
  ca?: string | undefined;
  /** Default 5,000 ms. */
  timeoutMs?: number;
}

/**
 * One TLS handshake with a provider, no HTTP request: what its server negotiates with the groups the gateway
 * offers. The certificate is verified as a real call would verify it (a probe that skipped it could be answered
 * by anybody). Rejects with the handshake's own error (no common group, untrusted certificate, refused, timeout).
 */
export function probeTls(target: TlsProbeTarget): Promise<ConnectionSecurity> {
  const url = new URL(target.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const options: ConnectionOptions = {
    host,
    port: url.port === '' ? 443 : Number(url.port),
    ...(/^[\d.]+$|:/.test(host) ? {} : { servername: host }),
    ...(target.groups === undefined ? {} : { ecdhCurve: target.groups }),
    ...(target.ca === undefined ? {} : { ca: target.ca }),
    ALPNProtocols: ['http/1.1'],
  };
  return new Promise((resolve, reject) => {
    const socket = connect(options, () => {
      const security = readConnectionSecurity(socket);
      socket.end();
      resolve(security);
    });
    socket.setTimeout(target.timeoutMs ?? 5000, () => socket.destroy(new Error(`no TLS handshake within ${target.timeoutMs ?? 5000} ms`)));
    socket.once('error', reject);
  });
}
