const pad = (value, width) => String(value).padStart(width, '0');
/** IPv4 documentation networks (RFC 5737); last octets 100 to 254 keep every pseudonym the same length. */
const ipv4Networks = ['192.0.2', '198.51.100', '203.0.113'];
/**
 * Realistic stand-ins, one per kind, drawn only from reserved or never-issued ranges so none can identify anyone:
 * the `.invalid` top-level domain (RFC 2606), the fictional 555-01xx telephone numbers, the non-existent IBAN
 * country `XX`, card issuer 0, SSN area 000, NINO prefix `QQ`, IPv4 and IPv6 documentation networks (RFC 5737,
 * RFC 3849). Within a kind, pseudonyms have one fixed length (or end at `@`), so none is a prefix of another and
 * restoring cannot cut into a longer one.
 * @returns undefined for credentials (no fake key is handed to a model) and past a kind's capacity; the caller
 *   then uses a placeholder.
 * @see https://www.rfc-editor.org/rfc/rfc2606 https://www.rfc-editor.org/rfc/rfc5737 https://www.rfc-editor.org/rfc/rfc3849
 */
export function pseudonymFor(kind, ordinal) {
    const index = ordinal - 1;
    switch (kind) {
        case 'email':
            return `person${ordinal}@example.invalid`;
        case 'phone':
            return index < 79_900 ? `+1 ${201 + Math.floor(index / 100)} 555 01${pad(index % 100, 2)}` : undefined;
        case 'iban':
            return index < 10_000 ? `XX00 0000 0000 0000 ${pad(index, 4)}` : undefined;
        case 'payment-card':
            return index < 10_000 ? `0000 0000 0000 ${pad(index, 4)}` : undefined;
        case 'us-ssn':
            return index < 10_000 ? `000-00-${pad(index, 4)}` : undefined;
        case 'uk-nino': {
            if (index >= 1_000_000)
                return undefined;
            const digits = pad(index, 6);
            return `QQ ${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4)} A`;
        }
        case 'ipv4':
            return index < ipv4Networks.length * 155 ? `${ipv4Networks[Math.floor(index / 155)]}.${100 + (index % 155)}` : undefined;
        case 'ipv6':
            return index < 0xf000 ? `2001:db8::1:${(0x1000 + index).toString(16)}` : undefined;
        default:
            return undefined;
    }
}
//# sourceMappingURL=pseudonym.js.map