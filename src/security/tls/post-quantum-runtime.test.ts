import { describe, expect, it } from 'vitest';
import { opensslMayHaveMlKem, postQuantumRuntime } from './post-quantum-runtime.ts';
import { newStorageKeyringFile, parseStorageKeyring } from '../envelope/storage-keyring.ts';
import { openEnvelope, sealEnvelope } from '../envelope/envelope.ts';

describe('postQuantumRuntime', () => {
  it('judges OpenSSL versions: 3.5 and later may have ML-KEM, older ones are not probed', () => {
    expect(opensslMayHaveMlKem('3.0.15+quic')).toBe(false);
    expect(opensslMayHaveMlKem('3.4.1')).toBe(false);
    expect(opensslMayHaveMlKem('3.5.0')).toBe(true);
    expect(opensslMayHaveMlKem('3.10.2')).toBe(true);
    expect(opensslMayHaveMlKem('4.0.0')).toBe(true);
    expect(opensslMayHaveMlKem('none')).toBe(false);
  });

  it('leaves no stale OpenSSL error behind: the storage keyring still loads and seals after detection', () => {
    const runtime = postQuantumRuntime();
    if (!opensslMayHaveMlKem(process.versions.openssl ?? '')) expect(runtime.supported).toBe(false);
    const keyring = parseStorageKeyring(newStorageKeyringFile(), 'storage-keys.json');
    const reloaded = parseStorageKeyring(newStorageKeyringFile(), 'again.json');
    expect(openEnvelope(sealEnvelope('after detection', keyring), keyring).toString()).toBe('after detection');
    expect(reloaded.current.id).not.toBe(keyring.current.id);
  });
});
