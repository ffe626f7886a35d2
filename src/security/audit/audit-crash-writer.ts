/**
 * Test helper run as a child process by `audit-crash.test.ts`: appends records in waves of concurrent strict
 * appends and prints `durable <seq>` once a wave's promises have resolved, until it is killed.
 *
 *   node --import tsx src/security/audit/audit-crash-writer.ts HOME
 */
import { openAuditLog } from './audit-log.ts';
import { sampleEntry } from './audit-test-support.ts';

const home = process.argv[2];
if (!home) throw new Error('usage: audit-crash-writer.ts HOME');
const log = openAuditLog({ home, checkpointEvery: 50 });
for (let wave = 0; ; wave++) {
  const receipts = await Promise.all(Array.from({ length: 20 }, (_, index) => log.append(sampleEntry(wave * 20 + index))));
  log.appendNoWait(sampleEntry(100_000 + wave));
  process.stdout.write(`durable ${Math.max(...receipts.map((receipt) => receipt.seq))}\n`);
}
