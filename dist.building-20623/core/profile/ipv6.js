import { isIpv4Address } from "./ipv4.js";
const lowerHex = /[a-f]/;
const upperHex = /[A-F]/;
const hexGroup = /^[0-9A-Fa-f]{1,4}$/;
/**
 * Whether `candidate` is an IPv6 address in RFC 4291 text form (full, `::`-compressed, or with an embedded
 * dotted quad) that is unlikely to be something else: at least two groups written out, at least three groups or
 * one of three or more hex digits when compressed (so `1::2`, a Python slice, is not taken), hex letters in one
 * case (so `Add::Face` is not taken). `::1` and `::` are skipped: they name the machine itself, not anyone.
 * @see https://www.rfc-editor.org/rfc/rfc4291#section-2.2
 */
export function isIpv6Address(candidate) {
    if (lowerHex.test(candidate) && upperHex.test(candidate))
        return false;
    const halves = candidate.split('::');
    if (halves.length > 2)
        return false;
    const compressed = halves.length === 2;
    const groups = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
    let slots = 0;
    for (let index = 0; index < groups.length; index++) {
        const group = groups[index];
        if (group.includes('.')) {
            if (index !== groups.length - 1 || !isIpv4Address(group, ''))
                return false;
            slots += 2;
        }
        else {
            if (!hexGroup.test(group))
                return false;
            slots += 1;
        }
    }
    if (compressed ? slots > 7 : slots !== 8)
        return false;
    if (groups.length < 2)
        return false;
    if (compressed && groups.length < 3 && !groups.some((group) => group.length >= 3))
        return false;
    return true;
}
//# sourceMappingURL=ipv6.js.map