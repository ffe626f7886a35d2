import { verifyPostgresAuditLog } from '../security/audit/verify-postgres-audit-log.ts';
import { createPostgresPool, redactPostgresUrl } from '../store/postgres/postgres-pool.ts';
import { auditChainCheck } from './check-audit.ts';
import type { DoctorCheck } from './doctor-check.ts';

/**
 * Verifies the audit log every instance shares in Postgres (loaded only when `SOVEREIGN_DATABASE_URL` is set), with
 * the public keys of the state directory. A database without the audit tables has no log yet; an unreachable one
 * is the `postgres` line's failure, not repeated here.
 */
export async function checkSharedAuditChain(url: string, publicKeys: readonly Uint8Array[], timeoutMs: number): Promise<DoctorCheck> {
  const name = 'audit chain';
  const where = `Postgres ${redactPostgresUrl(url)}`;
  const pool = createPostgresPool(url, { max: 1, onError: () => undefined, connectionTimeoutMillis: timeoutMs });
  try {
    let exists: boolean;
    try {
      exists = (await pool.query<{ name: string | null }>("SELECT to_regclass('audit_records')::text AS name")).rows[0]?.name != null;
    } catch {
      return { name, ok: true, message: `${where}: not checked (the database cannot be reached, see above)` };
    }
    if (!exists) return { name, ok: true, message: `${where}: no audit log yet (made at the gateway's first start)` };
    if (publicKeys.length === 0) {
      return { name, ok: false, message: `${where}: no public key to verify it with`, fix: 'run doctor with --home pointing at a state directory that holds the audit key, or use sovereign audit verify --public-key' };
    }
    return auditChainCheck(await verifyPostgresAuditLog({ pool, publicKeys }), where);
  } catch (error) {
    return { name, ok: false, message: `${where}: cannot be read (${(error as Error).message})`, fix: 'check the postgres line above and the database user\'s rights' };
  } finally {
    await pool.end().catch(() => undefined);
  }
}
