/**
 * Phone number validators for the three shapes the detectors look for. Each returns the length of the accepted
 * prefix of `candidate` (trailing digit groups that cannot belong to the number are dropped), or -1.
 * A plain run of digits without a `+`, separators or parentheses is never taken for a phone number: order ids,
 * amounts and timestamps look like that, and a number without phone shape is cheap to miss.
 * @see https://www.itu.int/rec/T-REC-E.164 (at most 15 digits including the country code)
 * @see https://www.itu.int/rec/T-REC-E.123 (the written notations)
 */
/** A digit group with the separator before it and optional parentheses. */
const groupPattern = /([ ./-]?)(\(?)([0-9]+)\)?/g;
const closingParenthesis = /\) ?[0-9]/;
const ssnShape = /^[0-9]{3}-[0-9]{2}-[0-9]{4}$/;
function groupsOf(candidate) {
    const groups = [];
    const pattern = groupPattern;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(candidate); match !== null; match = pattern.exec(candidate)) {
        groups.push({
            digits: match[3].length,
            end: match.index + match[0].length,
            separator: match[1],
            parenthesised: match[2] === '(',
        });
    }
    return groups;
}
function digitCount(groups) {
    let count = 0;
    for (const group of groups)
        count += group.digits;
    return count;
}
/** Drops trailing groups until at most `maximum` digits remain; returns the remaining groups. */
function trimTo(groups, maximum) {
    const kept = [...groups];
    while (kept.length > 1 && digitCount(kept) > maximum)
        kept.pop();
    return kept;
}
/**
 * `+CC ...`: 8-15 digits; every group has 2 or more digits except the country code, the group right after it
 * (`+33 1 23 45 67 89`) and a `(0)` trunk hint, so `+1 2 3 4 5 6 7 8` is not a number.
 */
export function acceptInternationalPhone(candidate) {
    const groups = trimTo(groupsOf(candidate.slice(1)), 15);
    const count = digitCount(groups);
    if (count < 8 || count > 15)
        return -1;
    for (let index = 2; index < groups.length; index++) {
        const group = groups[index];
        if (group.digits < 2 && !group.parenthesised)
            return -1;
    }
    return 1 + groups[groups.length - 1].end;
}
/** North American `(NXX) NXX-XXXX`, `NXX-NXX-XXXX`, `NXX.NXX.XXXX`, `NXX NXX XXXX`: one kind of separator. */
export function acceptNanpPhone(candidate) {
    const separators = new Set(groupsOf(candidate).filter((group) => !group.parenthesised && group.separator !== '').map((group) => group.separator));
    const afterParenthesis = closingParenthesis.test(candidate);
    if (separators.size > 1 && !(afterParenthesis && separators.size === 2 && separators.has(' ')))
        return -1;
    return candidate.length;
}
/**
 * National notation with a trunk prefix `0` (most of Europe, Australia, Japan...): `030 1234567`, `089/1234567`,
 * `020 7946 0958`, `01 23 45 67 89`, `01.23.45.67.89`, `(030) 1234567`. 9-12 digits, one kind of separator after
 * an optional `/` behind the area code; dots only in the French `0X.XX.XX.XX.XX` form, so dates are not taken;
 * never the SSN shape `NNN-NN-NNNN`.
 */
export function acceptNationalPhone(candidate) {
    // 3-2-4 with dashes is the shape of a US SSN; one that failed the SSN rules is not a phone number either.
    if (ssnShape.test(candidate))
        return -1;
    const groups = trimTo(groupsOf(candidate), 12);
    const count = digitCount(groups);
    if (count < 9 || count > 12)
        return -1;
    const later = groups.slice(2).map((group) => group.separator);
    const first = groups[1]?.separator ?? '';
    if (later.some((separator) => separator !== later[0]))
        return -1;
    if (later.length > 0 && first !== later[0] && first !== '/' && !groups[0].parenthesised)
        return -1;
    if ((first === '.' || later.includes('.')) && !(groups.length === 5 && groups.every((group) => group.digits === 2)))
        return -1;
    return groups[groups.length - 1].end;
}
//# sourceMappingURL=phone-number.js.map