const spacedForm = /^[A-Z]{2} [0-9]{2} [0-9]{2} [0-9]{2} [A-D]$/;
/** Letters HMRC allocates in the first and second place, six digits, suffix A-D. */
const compactForm = /^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$/;
/** Prefixes HMRC never allocates. */
const unallocatedPrefixes = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);
/**
 * Whether `candidate` is a UK National Insurance number, written `QQ123456C` or `QQ 12 34 56 C`: first letter not
 * D, F, I, Q, U or V; second letter not D, F, I, O, Q, U or V; prefix not BG, GB, KN, NK, NT, TN or ZZ; suffix A-D.
 * @see https://www.gov.uk/hmrc-internal-manuals/national-insurance-manual/nim39110
 */
export function isUkNino(candidate) {
    const compact = candidate.includes(' ') ? candidate.split(' ').join('') : candidate;
    if (compact.length !== candidate.length && !spacedForm.test(candidate))
        return false;
    if (!compactForm.test(compact))
        return false;
    return !unallocatedPrefixes.has(compact.slice(0, 2));
}
//# sourceMappingURL=uk-nino.js.map