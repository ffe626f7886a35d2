import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { TestGateway } from './start-test-gateway.ts';

/** One ledger row, as far as end-to-end tests read it. */
export interface LedgerRow {
  request_id: string;
  dialect: string;
  model: string;
  provider: string | null;
  outcome: string;
  status: number;
  input_tokens: number;
  output_tokens: number;
}

/** The ledger's rows so far (flushed first), read from the gateway's own SQLite file. */
export async function ledgerRows(harness: TestGateway): Promise<LedgerRow[]> {
  await harness.gateway.services.ledger.flush();
  const database = new Database(join(harness.home, 'sovereign.db'), { readonly: true });
  try {
    return database.prepare('SELECT request_id, dialect, model, provider, outcome, status, input_tokens, output_tokens FROM ledger ORDER BY id').all() as LedgerRow[];
  } finally {
    database.close();
  }
}
