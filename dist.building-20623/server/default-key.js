import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomToken } from "../core/ids.js";
import { hashSecret } from "../security/key-store.js";
/**
 * The default tenant's key: `SOVEREIGN_API_KEY` when set; otherwise a key generated on first start, printed
 * once, and kept only as a SHA-256 hash in `<home>/default-key.json` (owner-only permissions).
 */
export function resolveDefaultKey(home, environmentKey) {
    // The operator's key: every model endpoint and the admin API of every tenant. Create narrower keys for
    // applications with `sovereign keys create` or `POST /admin/keys`.
    const principal = { tenant: 'default', keyId: 'key_default', keyName: 'default', scopes: ['*', 'admin:*'], clearance: 'UNCLASSIFIED', labels: [] };
    if (environmentKey) {
        return { record: { hash: hashSecret(environmentKey), principal }, secret: environmentKey, source: 'environment' };
    }
    const file = join(home, 'default-key.json');
    if (existsSync(file)) {
        const stored = JSON.parse(readFileSync(file, 'utf8'));
        return { record: { hash: stored.hash, principal }, source: 'stored' };
    }
    mkdirSync(home, { recursive: true, mode: 0o700 });
    const secret = `sk-sov-${randomToken(24)}`;
    writeFileSync(file, JSON.stringify({ hash: hashSecret(secret), createdAt: new Date().toISOString() }, null, 2), { mode: 0o600 });
    chmodSync(file, 0o600);
    return { record: { hash: hashSecret(secret), principal }, secret, source: 'generated' };
}
//# sourceMappingURL=default-key.js.map