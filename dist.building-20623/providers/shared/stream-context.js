/** The {@link StreamContext} of one call: the requested model, the conversion warnings and the adapter's settings. */
export function streamContext(requestModel, warnings, settings) {
    const context = { requestModel, warnings, providerId: settings.providerId };
    if (settings.apiKey)
        context.apiKey = settings.apiKey;
    return context;
}
//# sourceMappingURL=stream-context.js.map