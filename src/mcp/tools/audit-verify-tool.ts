import { z } from 'zod';
import type { AuditVerification } from '../../security/audit/audit-log.ts';
import { hasEndpointScope } from '../../security/keys/check-scope.ts';
import { defineTool, type BuiltinTool } from './builtin-tool.ts';

/**
 * `audit_verify`, for admin keys only (others neither see nor may call it): verifies the whole signed audit log
 * with the gateway's public key (every record's chain hash, every checkpoint's Merkle root and ML-DSA-65 signature)
 * and reports the first fault, as `sovereign audit verify` does.
 */
export function auditVerifyTool(verify: () => Promise<AuditVerification & { durationMs: number }>): BuiltinTool {
  return defineTool({
    definition: {
      name: 'audit_verify',
      title: 'Verify the audit log',
      description: "Admins only: verifies Sovereign's tamper-evident audit log (hash chain, Merkle checkpoints, signatures) and reports the first fault if any.",
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    input: z.strictObject({}),
    allowed: (caller) => hasEndpointScope(caller.principal, 'admin'),
    async run() {
      const result = await verify();
      const text = result.ok
        ? `Audit log verified: ${result.records} records, ${result.checkpoints} signed checkpoints, ${result.unsignedTail} records after the last checkpoint (${result.durationMs} ms).`
        : `Audit log verification FAILED at ${result.kind} ${result.position}: ${result.reason}`;
      return { content: [{ type: 'text', text }], structuredContent: { ...result }, ...(result.ok ? {} : { isError: true }) };
    },
  });
}
