/**
 * Words that, right before a dotted quad, make it a version number rather than an address
 * (`version 1.2.3.4`, `Chrome 120.0.6099.109`, `firmware: 2.1.0.14`).
 */
const versionContext = /(?:^|[^A-Za-z0-9_])(?:v|ver|version|versions|release|rel|build|firmware|fw|kernel|chrome|chromium|firefox|safari|edge|opera|windows|macos|ios|android|python|node|nodejs|java|jdk|ruby|php|perl|dotnet|\.net|sdk|update|patch)[ \t]*[:=]?[ \t]*$/i;
/**
 * Whether `candidate` is a dotted-quad IPv4 address that is not written as a version: four decimal octets 0-255
 * without leading zeros, and not preceded by a version word such as `version`, `v`, `build` or a product name
 * (`before` is the text just before the candidate). Every address counts, private and loopback ones included:
 * they are not always personal data, but they describe the network a request comes from.
 * @see https://www.rfc-editor.org/rfc/rfc6943#section-3.1.1
 */
export function isIpv4Address(candidate, before) {
    const octets = candidate.split('.');
    if (octets.length !== 4)
        return false;
    for (const octet of octets) {
        if (octet.length === 0 || octet.length > 3 || (octet.length > 1 && octet[0] === '0') || Number(octet) > 255)
            return false;
    }
    return !versionContext.test(before);
}
//# sourceMappingURL=ipv4.js.map