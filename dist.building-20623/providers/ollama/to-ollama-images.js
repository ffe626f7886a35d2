const dataUrl = /^data:[^;,]+;base64,(.*)$/s;
/**
 * Canonical images → Ollama's `images` (base64 without a `data:` prefix). Ollama cannot fetch a URL, and the
 * gateway does not fetch one on its behalf (that would let a client make it reach any address), so an http(s)
 * image is left out with a warning.
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md#chat-request-with-images
 */
export function toOllamaImages(images, warnings) {
    const encoded = [];
    for (const image of images) {
        const data = image.data ?? (image.url === undefined ? undefined : dataUrl.exec(image.url)?.[1]);
        if (data !== undefined)
            encoded.push(data);
        else {
            warnings.push({
                type: 'unsupported-setting',
                setting: 'image.url',
                message: 'Ollama takes images inline only; an image given by URL was left out.',
            });
        }
    }
    return encoded;
}
//# sourceMappingURL=to-ollama-images.js.map