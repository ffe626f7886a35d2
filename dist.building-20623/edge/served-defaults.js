/** The gateway's public key (base64) embedded in the served SDK. */
export function servedGatewayPublicKey() {
    return typeof __SOVEREIGN_GATEWAY_PUBLIC_KEY__ === 'string' ? __SOVEREIGN_GATEWAY_PUBLIC_KEY__ : undefined;
}
/** The origin of the gateway that served this script, when it did. */
export function servedGatewayOrigin() {
    if (typeof __SOVEREIGN_SERVED_BY_GATEWAY__ !== 'boolean' || !__SOVEREIGN_SERVED_BY_GATEWAY__)
        return undefined;
    return new URL(import.meta.url).origin;
}
//# sourceMappingURL=served-defaults.js.map