import { passesLuhn } from "./luhn.js";
/**
 * IIN ranges of the major networks (ISO/IEC 7812; ranges as published by the networks and summarised in the
 * Wikipedia table). Order matters: the first rule whose prefix and length fit wins.
 * @see https://en.wikipedia.org/wiki/Payment_card_number#Issuer_identification_number_(IIN)
 */
const rules = [
    { brand: 'amex', ranges: [[34, 34], [37, 37]], lengths: [15] },
    { brand: 'diners', ranges: [[300, 305], [36, 36], [38, 39]], lengths: [14, 15, 16, 17, 18, 19] },
    { brand: 'jcb', ranges: [[3528, 3589]], lengths: [16, 17, 18, 19] },
    { brand: 'visa', ranges: [[4, 4]], lengths: [13, 16, 19] },
    { brand: 'mir', ranges: [[2200, 2204]], lengths: [16, 17, 18, 19] },
    { brand: 'mastercard', ranges: [[51, 55], [2221, 2720]], lengths: [16] },
    { brand: 'discover', ranges: [[6011, 6011], [644, 649], [65, 65], [622126, 622925]], lengths: [16, 17, 18, 19] },
    { brand: 'unionpay', ranges: [[62, 62], [81, 81]], lengths: [16, 17, 18, 19] },
    { brand: 'maestro', ranges: [[50, 50], [56, 69]], lengths: [12, 13, 14, 15, 16, 17, 18, 19] },
];
/** The brand whose IIN range and length fit `digits`, or undefined. */
export function cardBrandOf(digits) {
    for (const rule of rules) {
        if (!rule.lengths.includes(digits.length))
            continue;
        for (const [low, high] of rule.ranges) {
            const prefix = Number(digits.slice(0, String(low).length));
            if (prefix >= low && prefix <= high)
                return rule.brand;
        }
    }
    return undefined;
}
/** Group layouts a printed card number uses: 4-4-4-4(-3), 4-4-4-1 (13-digit Visa), 4-6-5 (Amex), 4-6-4 (Diners). */
const printedLayouts = new Set(['4,4,4,4', '4,4,4,4,3', '4,4,4,4,2', '4,4,4,4,1', '4,4,4,1', '4,4,4,2', '4,4,4,3', '4,6,5', '4,6,4']);
/**
 * Whether `candidate` (digits, optionally grouped by one kind of separator, space or dash) is a payment card
 * number: a printed layout, 13-19 digits, a known IIN range for its length, and the Luhn check digit.
 */
export function isPaymentCard(candidate) {
    const separator = candidate.includes(' ') ? ' ' : candidate.includes('-') ? '-' : '';
    if (separator !== '') {
        if (separator === ' ' && candidate.includes('-'))
            return false;
        const layout = candidate.split(separator).map((group) => group.length).join(',');
        if (!printedLayouts.has(layout))
            return false;
    }
    const digits = separator === '' ? candidate : candidate.split(separator).join('');
    if (digits.length < 13 || digits.length > 19)
        return false;
    return cardBrandOf(digits) !== undefined && passesLuhn(digits);
}
//# sourceMappingURL=payment-card.js.map