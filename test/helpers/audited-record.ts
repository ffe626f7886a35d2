import { openAuditStore } from '../../src/security/audit/audit-store.ts';
import type { TestGateway } from './start-test-gateway.ts';

/** The signed audit record of one request, read from the gateway's audit database after a checkpoint. */
export async function auditedRecord<Record extends { requestId: string }>(harness: TestGateway, requestId: string): Promise<Record> {
  await harness.gateway.services.auditLog.checkpoint();
  const store = openAuditStore(harness.gateway.services.auditLog.dbFile, { readonly: true });
  try {
    for (const row of store.recordsAfter(0)) {
      const record = JSON.parse(row.record) as Record;
      if (record.requestId === requestId) return record;
    }
  } finally {
    store.close();
  }
  throw new Error(`no audit record for ${requestId}`);
}
