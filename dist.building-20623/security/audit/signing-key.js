import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ml_dsa65 } from '@noble/post-quantum/ml-dsa.js';
import { checkpointAlgorithm } from "./checkpoint.js";
export const signingKeyFileName = 'audit-signing-key.json';
export const publicKeyFileName = 'audit-public-key.json';
/** First 16 hex characters of SHA-256(public key). */
export function keyIdOf(publicKey) {
    return createHash('sha256').update(publicKey).digest('hex').slice(0, 16);
}
/**
 * Loads `<home>/audit-signing-key.json`, or creates it on first start (mode 0600, created exclusively so two
 * processes starting at once agree on one key) together with `<home>/audit-public-key.json`. Refuses a key file
 * that other users can read, or one whose public key does not match its seed.
 */
export function loadOrCreateSigningKey(home) {
    mkdirSync(home, { recursive: true, mode: 0o700 });
    const file = join(home, signingKeyFileName);
    if (!existsSync(file))
        createSigningKeyFile(file);
    const key = readSigningKey(file);
    writePublicKeyFile(join(home, publicKeyFileName), key);
    return key;
}
/**
 * Reads and checks a signing key file without changing anything: refuses one that other users can read, one that is
 * not a Sovereign key, or one whose public key does not match its seed (each with the file and what to do).
 */
export function readSigningKey(file) {
    const mode = statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) {
        throw new Error(`${file} is readable by other users (mode ${mode.toString(8)}); run: chmod 600 ${file}`);
    }
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    if (stored.format !== 'sovereign-audit-signing-key/v1' || stored.algorithm !== checkpointAlgorithm) {
        throw new Error(`${file} is not a Sovereign audit signing key (${checkpointAlgorithm})`);
    }
    const seed = Buffer.from(stored.seed, 'base64');
    const publicKey = ml_dsa65.keygen(seed).publicKey;
    if (Buffer.compare(Buffer.from(publicKey), Buffer.from(stored.publicKey, 'base64')) !== 0) {
        throw new Error(`${file}: the public key does not belong to the seed`);
    }
    return { seed, publicKey, keyId: keyIdOf(publicKey) };
}
/** The JSON form of a public key. */
export function publicKeyFile(publicKey) {
    return {
        format: 'sovereign-audit-public-key/v1',
        algorithm: checkpointAlgorithm,
        keyId: keyIdOf(publicKey),
        publicKey: Buffer.from(publicKey).toString('base64'),
    };
}
/** Reads a public key file written by `loadOrCreateSigningKey` or printed by `sovereign audit public-key`. */
export function readPublicKeyFile(file) {
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    if (stored.algorithm !== checkpointAlgorithm || typeof stored.publicKey !== 'string') {
        throw new Error(`${file} is not a Sovereign audit public key (${checkpointAlgorithm})`);
    }
    const publicKey = Buffer.from(stored.publicKey, 'base64');
    if (stored.keyId !== undefined && stored.keyId !== keyIdOf(publicKey))
        throw new Error(`${file}: keyId does not match the public key`);
    return publicKey;
}
function createSigningKeyFile(file) {
    const seed = randomBytes(32);
    const publicKey = ml_dsa65.keygen(seed).publicKey;
    const content = {
        format: 'sovereign-audit-signing-key/v1',
        algorithm: checkpointAlgorithm,
        keyId: keyIdOf(publicKey),
        createdAt: new Date().toISOString(),
        seed: seed.toString('base64'),
        publicKey: Buffer.from(publicKey).toString('base64'),
    };
    const temporary = writeTemporary(file, `${JSON.stringify(content, null, 2)}\n`);
    try {
        linkSync(temporary, file);
    }
    catch (error) {
        if (error.code !== 'EEXIST')
            throw error;
    }
    finally {
        unlinkSync(temporary);
    }
}
function writePublicKeyFile(file, key) {
    const content = `${JSON.stringify(publicKeyFile(key.publicKey), null, 2)}\n`;
    if (existsSync(file) && readFileSync(file, 'utf8') === content)
        return;
    renameSync(writeTemporary(file, content, 0o644), file);
}
/** Writes `content` to a new file beside `file`, flushed to disk, and returns its path. */
function writeTemporary(file, content, mode = 0o600) {
    const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    const descriptor = openSync(temporary, 'wx', mode);
    try {
        writeSync(descriptor, content);
        fsyncSync(descriptor);
    }
    finally {
        closeSync(descriptor);
    }
    return temporary;
}
//# sourceMappingURL=signing-key.js.map