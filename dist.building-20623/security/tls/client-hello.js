/**
 * The TLS named groups by their IANA code points, as OpenSSL names them (`secp256r1` as `P-256`, like Node reports
 * it through `tlsGroupName`). Groups without a name here are reported as `0x....`.
 * @see https://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-8
 */
const groupNames = new Map([
    [0x0017, 'P-256'],
    [0x0018, 'P-384'],
    [0x0019, 'P-521'],
    [0x001d, 'X25519'],
    [0x001e, 'X448'],
    [0x0100, 'ffdhe2048'],
    [0x0101, 'ffdhe3072'],
    [0x0102, 'ffdhe4096'],
    [0x0103, 'ffdhe6144'],
    [0x0104, 'ffdhe8192'],
    [0x0200, 'MLKEM512'],
    [0x0201, 'MLKEM768'],
    [0x0202, 'MLKEM1024'],
    [0x11eb, 'SecP256r1MLKEM768'],
    [0x11ec, 'X25519MLKEM768'],
    [0x11ed, 'SecP384r1MLKEM1024'],
]);
/** The largest ClientHello read (a post-quantum key share is about 1.2 KB; a hello is rarely over 2 KB). */
export const maxClientHelloBytes = 64 * 1024;
/**
 * Reads the ClientHello from the first bytes a client sent (TLS records of type handshake, possibly several):
 * `'incomplete'` when more bytes are needed, `undefined` when the bytes are not a TLS ClientHello (or it is malformed
 * or longer than {@link maxClientHelloBytes}). It never throws: the TLS server itself refuses what it cannot read.
 * @see https://www.rfc-editor.org/rfc/rfc8446#section-4.1.2
 */
export function readClientHello(bytes) {
    const handshake = handshakeBytes(bytes);
    if (handshake === undefined || handshake === 'incomplete')
        return handshake;
    try {
        return parseClientHello(handshake);
    }
    catch {
        return undefined;
    }
}
/** The handshake message gathered from the records, once it is complete. */
function handshakeBytes(bytes) {
    const parts = [];
    let gathered = 0;
    let needed;
    let offset = 0;
    while (needed === undefined || gathered < needed) {
        if (offset + 5 > bytes.length)
            return bytes.length >= maxClientHelloBytes ? undefined : 'incomplete';
        if (bytes[offset] !== 22 || bytes[offset + 1] !== 3)
            return undefined;
        const length = (bytes[offset + 3] << 8) | bytes[offset + 4];
        if (length === 0)
            return undefined;
        if (offset + 5 + length > bytes.length)
            return offset + 5 + length > maxClientHelloBytes ? undefined : 'incomplete';
        parts.push(bytes.subarray(offset + 5, offset + 5 + length));
        gathered += length;
        offset += 5 + length;
        if (needed === undefined) {
            if (gathered < 4)
                continue;
            const first = concat(parts, gathered);
            if (first[0] !== 1)
                return undefined;
            needed = 4 + ((first[1] << 16) | (first[2] << 8) | first[3]);
            if (needed > maxClientHelloBytes)
                return undefined;
        }
    }
    return concat(parts, gathered).subarray(4, needed);
}
function concat(parts, length) {
    if (parts.length === 1)
        return parts[0];
    const joined = new Uint8Array(length);
    let at = 0;
    for (const part of parts) {
        joined.set(part, at);
        at += part.length;
    }
    return joined;
}
/** A bounds-checked reader over the hello's bytes: a read past the end throws (caught by `readClientHello`). */
class Reader {
    bytes;
    end;
    offset = 0;
    constructor(bytes, end = bytes.length) {
        this.bytes = bytes;
        this.end = end;
    }
    uint8() {
        this.need(1);
        return this.bytes[this.offset++];
    }
    uint16() {
        this.need(2);
        const value = (this.bytes[this.offset] << 8) | this.bytes[this.offset + 1];
        this.offset += 2;
        return value;
    }
    /** A sub-reader over the next `length` bytes, skipped here. */
    take(length) {
        this.need(length);
        const reader = new Reader(this.bytes, this.offset + length);
        reader.offset = this.offset;
        this.offset += length;
        return reader;
    }
    get remaining() {
        return this.end - this.offset;
    }
    need(length) {
        if (this.offset + length > this.end)
            throw new RangeError('ClientHello truncated');
    }
}
function groupName(code) {
    return groupNames.get(code) ?? `0x${code.toString(16).padStart(4, '0')}`;
}
function parseClientHello(body) {
    const reader = new Reader(body);
    reader.take(2 + 32); // legacy_version, random
    reader.take(reader.uint8()); // legacy_session_id
    reader.take(reader.uint16()); // cipher_suites
    reader.take(reader.uint8()); // legacy_compression_methods
    const supportedGroups = [];
    const keyShares = [];
    let offersTls13 = false;
    let preSharedKey = false;
    let dheModeOffered = false;
    if (reader.remaining === 0)
        return { supportedGroups, keyShares, offersTls13, resumptionWithoutKeyExchange: false };
    const extensions = reader.take(reader.uint16());
    while (extensions.remaining > 0) {
        const type = extensions.uint16();
        const data = extensions.take(extensions.uint16());
        if (type === 10) {
            const list = data.take(data.uint16());
            while (list.remaining > 0)
                supportedGroups.push(groupName(list.uint16()));
        }
        else if (type === 51) {
            const list = data.take(data.uint16());
            while (list.remaining > 0) {
                keyShares.push(groupName(list.uint16()));
                list.take(list.uint16());
            }
        }
        else if (type === 43) {
            const list = data.take(data.uint8());
            while (list.remaining > 0)
                if (list.uint16() === 0x0304)
                    offersTls13 = true;
        }
        else if (type === 41) {
            preSharedKey = true;
        }
        else if (type === 45) {
            const list = data.take(data.uint8());
            while (list.remaining > 0)
                if (list.uint8() === 1)
                    dheModeOffered = true;
        }
    }
    return { supportedGroups, keyShares, offersTls13, resumptionWithoutKeyExchange: preSharedKey && !dheModeOffered };
}
//# sourceMappingURL=client-hello.js.map