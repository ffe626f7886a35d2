import { inTransaction } from "../../store/postgres/postgres-pool.js";
import { canonicalJson } from "./canonical-json.js";
import { checkpointMessage } from "./checkpoint.js";
import { chainHash, genesisHash } from "./hash-chain.js";
import { MerkleFrontier } from "./merkle-frontier.js";
import { merkleLeafHash } from "./merkle-hash.js";
/**
 * Advisory lock keys (first 8 bytes of SHA-256 of "sovereign audit append" / "... checkpoint"): every instance's
 * appends to the one chain are serialised by the first; one checkpoint is signed at a time under the second.
 */
export const auditAppendLockKey = '6535693909779986234';
export const auditCheckpointLockKey = '3695941420227515127';
const headSql = `
  SELECT h.seq, h.hash, h.frontier, c.tree_size AS checkpoint_size, c.seq AS checkpoint_seq
  FROM (SELECT 1) AS one
  LEFT JOIN audit_head h ON h.id = 1
  LEFT JOIN LATERAL (SELECT seq, tree_size FROM audit_checkpoints ORDER BY seq DESC LIMIT 1) c ON true`;
async function readHead(client) {
    const row = (await client.query(headSql)).rows[0];
    return {
        seq: row?.seq ?? 0,
        hash: row?.hash ?? genesisHash,
        frontier: row?.frontier ? MerkleFrontier.fromJSON(row.frontier) : new MerkleFrontier(),
        checkpointSize: row?.checkpoint_size ?? 0,
        checkpointSeq: row?.checkpoint_seq ?? 0,
    };
}
/**
 * Appends records to the shared chain in one transaction under the append lock: reads the head, skips records
 * whose origin is already in the log (a spool shipped twice), numbers the rest after the head, chains and hashes
 * them, and moves the head. Every instance appends this way, so the log is one chain whatever wrote it. Returns
 * the position of every record of the batch (those already present included) and the head after it.
 */
export async function appendAuditRecords(pool, pending) {
    return inTransaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [auditAppendLockKey]);
        const positions = new Map();
        const present = await client.query('SELECT origin, seq, hash FROM audit_records WHERE origin = ANY($1::text[])', [pending.map((item) => item.origin)]);
        for (const row of present.rows)
            positions.set(row.origin, { seq: row.seq, hash: row.hash });
        const head = await readHead(client);
        const rows = [];
        let { seq, hash } = head;
        for (const item of pending) {
            if (positions.has(item.origin))
                continue;
            const parsed = JSON.parse(item.record);
            seq += 1;
            parsed.seq = seq;
            const record = canonicalJson(parsed);
            hash = chainHash(hash, record);
            head.frontier.append(merkleLeafHash(record));
            rows.push({ seq, record, hash, origin: item.origin, requestId: typeof parsed.requestId === 'string' ? parsed.requestId : null });
            positions.set(item.origin, { seq, hash });
        }
        if (rows.length > 0) {
            await client.query(`INSERT INTO audit_records (seq, record, hash, origin, request_id)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[])`, [rows.map((row) => row.seq), rows.map((row) => row.record), rows.map((row) => row.hash), rows.map((row) => row.origin), rows.map((row) => row.requestId)]);
            await client.query(`INSERT INTO audit_head (id, seq, hash, frontier) VALUES (1, $1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, frontier = excluded.frontier`, [seq, hash, JSON.stringify(head.frontier.toJSON())]);
        }
        return { positions, head: { ...head, seq, hash } };
    });
}
/** The head as committed now (for stats and checkpoints). */
export function readAuditHead(pool) {
    return readHead(pool);
}
/**
 * Signs a checkpoint over the chain as committed, unless nothing is new since the last one. Checkpoints are
 * numbered by the database under the checkpoint lock, so instances never sign two with one number. In the
 * background (`wait: false`) an instance skips its turn while another is signing (theirs covers nearly the same
 * records); asked explicitly (`wait: true`) it waits for that one and then covers whatever it left.
 */
export async function signPostgresCheckpoint(pool, signer, key, now, options = {}) {
    return inTransaction(pool, async (client) => {
        if (options.wait) {
            await client.query('SELECT pg_advisory_xact_lock($1)', [auditCheckpointLockKey]);
        }
        else {
            const locked = (await client.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [auditCheckpointLockKey])).rows[0]?.locked;
            if (!locked)
                return undefined;
        }
        const head = await readHead(client);
        if (head.seq <= head.checkpointSize)
            return undefined;
        const unsigned = {
            seq: head.checkpointSeq + 1,
            treeSize: head.seq,
            root: head.frontier.root().toString('hex'),
            head: head.hash,
            time: now().toISOString(),
            keyId: key.keyId,
        };
        const signature = await signer.sign(checkpointMessage(unsigned));
        await client.query('INSERT INTO audit_checkpoints (seq, tree_size, root, head, time, key_id, signature, frontier) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [unsigned.seq, unsigned.treeSize, unsigned.root, unsigned.head, unsigned.time, unsigned.keyId, Buffer.from(signature), JSON.stringify(head.frontier.toJSON())]);
        return { ...unsigned, signature };
    });
}
/** Every checkpoint, in order. */
export async function readPostgresCheckpoints(pool) {
    const result = await pool.query('SELECT seq, tree_size, root, head, time, key_id, signature FROM audit_checkpoints ORDER BY seq');
    // Number(): the pool may read bigint as text (any pool will do, not only Sovereign's).
    return result.rows.map((row) => ({
        seq: Number(row.seq),
        treeSize: Number(row.tree_size),
        root: row.root,
        head: row.head,
        time: row.time,
        keyId: row.key_id,
        signature: new Uint8Array(row.signature),
    }));
}
/** Every record in order, read a page at a time (keyset pagination), so memory stays flat however long the log. */
export async function* readPostgresRecords(pool, pageSize = 5_000) {
    let after = 0;
    for (;;) {
        const page = await pool.query('SELECT seq, record, hash FROM audit_records WHERE seq > $1 ORDER BY seq LIMIT $2', [after, pageSize]);
        for (const row of page.rows)
            yield { seq: Number(row.seq), record: row.record, hash: row.hash };
        if (page.rows.length < pageSize)
            return;
        after = Number(page.rows[page.rows.length - 1].seq);
    }
}
//# sourceMappingURL=postgres-audit-store.js.map