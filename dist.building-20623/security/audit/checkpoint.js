/** The signature algorithm of checkpoints. */
export const checkpointAlgorithm = 'ML-DSA-65';
/** FIPS 204 context string: a checkpoint signature can never be mistaken for a signature made for anything else. */
export const checkpointSignatureContext = new TextEncoder().encode('sovereign-audit-checkpoint');
/**
 * The exact bytes a checkpoint's signature covers: a fixed, line-oriented text in the spirit of the C2SP
 * checkpoint format, so any language can rebuild it from an exported checkpoint.
 * @see https://github.com/C2SP/C2SP/blob/main/tlog-checkpoint.md
 */
export function checkpointMessage(checkpoint) {
    return new TextEncoder().encode([
        'sovereign audit checkpoint v1',
        `seq ${checkpoint.seq}`,
        `size ${checkpoint.treeSize}`,
        `root ${checkpoint.root}`,
        `head ${checkpoint.head}`,
        `time ${checkpoint.time}`,
        `key ${checkpoint.keyId}`,
        '',
    ].join('\n'));
}
//# sourceMappingURL=checkpoint.js.map