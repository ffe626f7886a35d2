const dataUrl = /^data:([^;,]+);base64,(.*)$/s;
/** URIs Gemini reads itself: its Files API, Cloud Storage, YouTube. */
const nativeUri = /^(https:\/\/generativelanguage\.googleapis\.com\/|gs:\/\/|https:\/\/(www\.)?youtube\.com\/|https:\/\/youtu\.be\/)/;
/**
 * A canonical image → a Gemini part. Inline base64 and `data:` URLs become `inlineData`; other URLs become
 * `fileData`. Gemini reads Files API, `gs://` and YouTube URIs; whether it fetches an arbitrary http(s) URL
 * depends on the model, so such a URL is sent as `fileData` with a warning.
 * @see https://ai.google.dev/gemini-api/docs/image-understanding
 */
export function toGeminiImagePart(image, warnings) {
    if (image.data !== undefined) {
        return { inlineData: { mimeType: image.mediaType ?? 'image/jpeg', data: image.data } };
    }
    if (image.url === undefined)
        return undefined;
    const inline = dataUrl.exec(image.url);
    if (inline)
        return { inlineData: { mimeType: inline[1] ?? 'image/jpeg', data: inline[2] ?? '' } };
    if (!nativeUri.test(image.url)) {
        warnings.push({
            type: 'unsupported-setting',
            setting: 'image.url',
            message: 'Gemini may not fetch arbitrary image URLs; the URL was sent as fileData. Send the image inline to be sure.',
        });
    }
    return { fileData: { mimeType: image.mediaType ?? guessMediaType(image.url), fileUri: image.url } };
}
function guessMediaType(url) {
    const extension = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase();
    if (extension === 'png')
        return 'image/png';
    if (extension === 'webp')
        return 'image/webp';
    if (extension === 'gif')
        return 'image/gif';
    if (extension === 'heic')
        return 'image/heic';
    return 'image/jpeg';
}
//# sourceMappingURL=to-gemini-image-part.js.map