import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A self-signed certificate for 127.0.0.1 and localhost, as PEM text and as files. */
export interface SelfSignedCertificate {
  cert: string;
  key: string;
  certFile: string;
  keyFile: string;
  directory: string;
  remove(): void;
}

/**
 * Generates a fresh self-signed ECDSA P-256 certificate for `127.0.0.1`/`localhost`, valid for a day, with the
 * `openssl` command (Node has no API that issues certificates). The key file is mode 0600.
 */
export function selfSignedCertificate(commonName = 'localhost'): SelfSignedCertificate {
  const directory = mkdtempSync(join(tmpdir(), 'sovereign-cert-'));
  const certFile = join(directory, 'cert.pem');
  const keyFile = join(directory, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', `/CN=${commonName}`,
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ], { stdio: 'pipe' });
  return {
    cert: readFileSync(certFile, 'utf8'),
    key: readFileSync(keyFile, 'utf8'),
    certFile,
    keyFile,
    directory,
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
}
