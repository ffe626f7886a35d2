import { isUtf8 } from 'node:buffer';
import { concatBytes } from "./concat-bytes.js";
import { GatewayError } from "../../core/errors/gateway-error.js";
import { defaultMaxJsonDepth, parseJsonBody } from "./parse-json-body.js";
/**
 * Reads a JSON object body within `limitBytes`: 415 for a declared non-JSON content type, 413 past the limit
 * (checked against `content-length` before reading, and while reading for chunked bodies), 400 for bytes that are
 * not UTF-8, invalid JSON, a body that is not an object, or one that fails the checks of {@link parseJsonBody}
 * (depth, duplicate keys, non-finite numbers, lone surrogates). A missing content type is read as JSON.
 */
export async function readJsonBody(request, limitBytes, maxJsonDepth = defaultMaxJsonDepth) {
    checkContentType(request.headers.get('content-type'));
    if (declaredTooLarge(request.headers.get('content-length'), limitBytes)) {
        await discard(request, drainLimit(limitBytes));
        throw tooLarge(limitBytes);
    }
    return parseJsonBody(await readText(request, limitBytes), maxJsonDepth);
}
/**
 * {@link readJsonBody} for a node:http request, the model endpoints' hot path: the same answers (415, 413, 400),
 * read with plain `data` events rather than through a web stream. An oversized body is read and thrown away up to
 * the drain limit so the client sees the 413, and cut past it. A body the client abandons half-way is a 400.
 * The `text` returned is exactly what was parsed and checked: it is what the pass-through path may relay.
 */
export function readNodeJsonBody(request, limits) {
    const limitBytes = limits.bodyLimitBytes;
    try {
        checkContentType(headerText(request.headers['content-type']));
    }
    catch (error) {
        return Promise.reject(error);
    }
    let limit = limitBytes;
    let oversized = declaredTooLarge(headerText(request.headers['content-length']), limitBytes);
    if (oversized)
        limit = 0;
    return new Promise((resolve, reject) => {
        const chunks = [];
        let size = 0;
        const cleanUp = () => {
            request.off('data', onData);
            request.off('end', onEnd);
            request.off('error', onAbort);
            request.off('aborted', onAbort);
        };
        const onData = (chunk) => {
            size += chunk.byteLength;
            if (oversized) {
                if (size > drainLimit(limitBytes)) {
                    cleanUp();
                    request.destroy();
                    reject(tooLarge(limitBytes));
                }
                return;
            }
            if (size > limit) {
                oversized = true;
                chunks.length = 0;
                return;
            }
            chunks.push(chunk);
        };
        const onEnd = () => {
            cleanUp();
            if (oversized) {
                reject(tooLarge(limitBytes));
                return;
            }
            try {
                const bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
                if (!isUtf8(bytes))
                    throw notUtf8();
                let text = bytes.toString('utf8');
                // A leading byte-order mark is dropped, as TextDecoder does.
                if (text.charCodeAt(0) === 0xfeff)
                    text = text.slice(1);
                resolve({ value: parseJsonBody(text, limits.maxJsonDepth), text });
            }
            catch (error) {
                reject(error);
            }
        };
        const onAbort = () => {
            cleanUp();
            reject(new GatewayError('invalid_request', { message: 'The request body ended before it was complete.' }));
        };
        request.on('data', onData);
        request.on('end', onEnd);
        request.on('error', onAbort);
        request.on('aborted', onAbort);
    });
}
function headerText(value) {
    if (value === undefined)
        return null;
    return Array.isArray(value) ? value.join(', ') : value;
}
function checkContentType(contentType) {
    if (contentType !== null && !/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType.trim())) {
        throw new GatewayError('unsupported_media_type', {
            message: `The request body must be application/json, not ${contentType.split(';')[0]?.trim() || 'empty'}.`,
        });
    }
}
function declaredTooLarge(declared, limitBytes) {
    return declared !== null && Number(declared) > limitBytes;
}
async function readText(request, limitBytes) {
    const body = request.body;
    if (!body)
        return '';
    const reader = body.getReader();
    const chunks = [];
    let size = 0;
    for (;;) {
        const { done, value } = await reader.read();
        if (done)
            break;
        size += value.byteLength;
        if (size > limitBytes) {
            await discardRest(reader, drainLimit(limitBytes) - size);
            throw tooLarge(limitBytes);
        }
        chunks.push(value);
    }
    try {
        return strictUtf8.decode(concatBytes(chunks, size));
    }
    catch {
        throw notUtf8();
    }
}
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
/** Bytes that are not UTF-8 would be decoded one way here (replacement characters) and perhaps another upstream. */
function notUtf8() {
    return new GatewayError('invalid_json', { message: 'The request body is not valid UTF-8.' });
}
/**
 * How much of an oversized body is read and thrown away so the client, still sending, can read the 413 (a server
 * that answers and closes mid-upload makes most clients report a broken connection instead). Past this the
 * connection is cut.
 */
function drainLimit(limitBytes) {
    return Math.min(limitBytes * 16, 64 * 1024 * 1024);
}
async function discard(request, maxBytes) {
    const body = request.body;
    if (body)
        await discardRest(body.getReader(), maxBytes);
}
async function discardRest(reader, maxBytes) {
    let remaining = maxBytes;
    try {
        while (remaining > 0) {
            const { done, value } = await reader.read();
            if (done)
                return;
            remaining -= value.byteLength;
        }
        await reader.cancel();
    }
    catch {
        // The client went away: nothing left to answer.
    }
}
function tooLarge(limitBytes) {
    return new GatewayError('payload_too_large', { message: `The request body is larger than the limit of ${limitBytes} bytes.` });
}
//# sourceMappingURL=read-json-body.js.map