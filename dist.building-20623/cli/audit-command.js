import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ml_dsa65 } from '@noble/post-quantum/ml-dsa.js';
import { auditDatabaseFileName, exportAuditLog, verifyAuditLog } from "../security/audit/audit-log.js";
import { resolveStoreUrls } from "../server/config/store-urls.js";
import { openLocalSpool, spoolFileName } from "../store/spool/local-spool.js";
import { publicKeyFile, publicKeyFileName, readPublicKeyFile, signingKeyFileName } from "../security/audit/signing-key.js";
const usage = `Usage: sovereign audit <command> [options]

Commands:
  verify       Check the audit log: chain, sequence, Merkle roots and checkpoint signatures
  export       Write the log as JSON Lines with an inclusion proof per record
  public-key   Print the public key that verifies checkpoints

Options:
  --home DIR          state directory (default: SOVEREIGN_HOME or ./.sovereign)
  --public-key FILE   verify: a public key to trust (default: <home>/${publicKeyFileName}; keep a copy elsewhere);
                      repeat it for the shared log, where each instance signs with its own key
  --out FILE          export: the file to write

With SOVEREIGN_DATABASE_URL set, verify checks the log every instance shares in Postgres (one chain), and says
how many records this home's spool still holds for it.

Exit codes: 0 ok, 1 the log failed verification, 2 usage or missing files.`;
/** `sovereign audit verify | export | public-key`; returns the exit code. */
export async function auditCommand(argv) {
    const [command, ...rest] = argv;
    let values;
    try {
        ({ values } = parseArgs({
            args: rest,
            options: { home: { type: 'string' }, 'public-key': { type: 'string', multiple: true }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
        }));
    }
    catch (error) {
        return fail(`${error.message}\n\n${usage}`);
    }
    if (values.help || command === undefined || command === 'help' || command === '--help' || command === '-h') {
        process.stdout.write(`${usage}\n`);
        return command === undefined ? 2 : 0;
    }
    const home = values.home ?? process.env.SOVEREIGN_HOME ?? './.sovereign';
    const dbFile = join(home, auditDatabaseFileName);
    let postgresUrl;
    try {
        postgresUrl = resolveStoreUrls(undefined, process.env).postgres;
    }
    catch (error) {
        return fail(error.message);
    }
    const keyFiles = values['public-key'] ?? [join(home, publicKeyFileName)];
    switch (command) {
        case 'verify':
            if (postgresUrl)
                return verifyShared(postgresUrl, home, keyFiles, values['public-key'] === undefined);
            return verify(dbFile, keyFiles, values['public-key'] === undefined);
        case 'export': {
            if (postgresUrl)
                return fail('sovereign audit export: exporting the shared Postgres log is not supported yet (verify is); unset SOVEREIGN_DATABASE_URL to export a local log');
            if (!values.out)
                return fail(`sovereign audit export: --out FILE is required`);
            if (!existsSync(dbFile))
                return fail(`sovereign audit: no audit log at ${dbFile}`);
            const summary = exportAuditLog({ dbFile, out: values.out });
            process.stdout.write(`wrote ${values.out}: ${summary.records} records, ${summary.checkpoints} checkpoints, proofs against tree size ${summary.treeSize}\n`);
            return 0;
        }
        case 'public-key':
            return printPublicKey(home);
        default:
            return fail(`sovereign audit: unknown command "${command}"\n\n${usage}`);
    }
}
function readTrustedKeys(keyFiles) {
    const keys = [];
    for (const file of keyFiles) {
        if (!existsSync(file))
            return `sovereign audit: no public key at ${file} (pass --public-key FILE)`;
        keys.push(readPublicKeyFile(file));
    }
    return keys;
}
function verify(dbFile, keyFiles, keyBesideLog) {
    if (!existsSync(dbFile))
        return fail(`sovereign audit: no audit log at ${dbFile}`);
    const keys = readTrustedKeys(keyFiles);
    if (typeof keys === 'string')
        return fail(keys);
    const [publicKey, ...trustedKeys] = keys;
    return report(verifyAuditLog({ dbFile, publicKey: publicKey, trustedKeys }), keys, keyBesideLog);
}
async function verifyShared(url, home, keyFiles, keyBesideLog) {
    const keys = readTrustedKeys(keyFiles);
    if (typeof keys === 'string')
        return fail(keys);
    const [{ auditSpoolTopic }, { verifyPostgresAuditLog }, { createPostgresPool, redactPostgresUrl }] = await Promise.all([
        import("../security/audit/postgres-audit-log.js"),
        import("../security/audit/verify-postgres-audit-log.js"),
        import("../store/postgres/postgres-pool.js"),
    ]);
    const pool = createPostgresPool(url, { max: 2, onError: () => undefined });
    try {
        const result = await verifyPostgresAuditLog({ pool, publicKeys: keys });
        const code = report(result, keys, keyBesideLog, `Postgres ${redactPostgresUrl(url)}`);
        const spoolFile = join(home, spoolFileName);
        if (existsSync(spoolFile)) {
            const spool = openLocalSpool(spoolFile);
            const waiting = spool.count(auditSpoolTopic);
            spool.close();
            if (waiting > 0)
                process.stdout.write(`  ${waiting} records of this instance wait in ${spoolFile} (appended when the gateway next reaches Postgres)\n`);
        }
        return code;
    }
    catch (error) {
        return fail(`sovereign audit: cannot read the shared log at ${redactPostgresUrl(url)}: ${error.message}`);
    }
    finally {
        await pool.end().catch(() => undefined);
    }
}
function report(result, keys, keyBesideLog, where) {
    if (!result.ok) {
        process.stdout.write(`FAILED at ${result.kind} ${result.position}: ${result.reason}\n`);
        return 1;
    }
    const last = result.lastCheckpoint;
    process.stdout.write([
        `ok: ${result.records} records, ${result.checkpoints} checkpoints, ${keys.length === 1 ? 'key' : 'keys'} ${keys.map((key) => publicKeyFile(key).keyId).join(', ')}${where ? ` (${where})` : ''}`,
        last ? `  last checkpoint: #${last.seq}, size ${last.treeSize}, root ${last.root}, ${last.time}` : '  no checkpoint yet',
        `  unsigned tail: ${result.unsignedTail} records after the last checkpoint (chain-valid)`,
        ...(keyBesideLog ? [`  note: verified with the public key stored beside the log; pass --public-key with a copy kept elsewhere`] : []),
        '',
    ].join('\n'));
    return 0;
}
function printPublicKey(home) {
    const publicFile = join(home, publicKeyFileName);
    if (existsSync(publicFile)) {
        process.stdout.write(`${JSON.stringify(publicKeyFile(readPublicKeyFile(publicFile)), null, 2)}\n`);
        return 0;
    }
    const secretFile = join(home, signingKeyFileName);
    if (!existsSync(secretFile))
        return fail(`sovereign audit: no audit key in ${home} (it is created when the gateway first starts)`);
    const { seed } = JSON.parse(readFileSync(secretFile, 'utf8'));
    process.stdout.write(`${JSON.stringify(publicKeyFile(ml_dsa65.keygen(Buffer.from(seed, 'base64')).publicKey), null, 2)}\n`);
    return 0;
}
function fail(message) {
    process.stderr.write(`${message}\n`);
    return 2;
}
//# sourceMappingURL=audit-command.js.map