/**
 * The Luhn (mod 10) check digit test used by payment card numbers. `digits` must contain only `0`-`9`.
 * @see https://www.iso.org/standard/70484.html (ISO/IEC 7812-1, annex B)
 */
export function passesLuhn(digits) {
    let sum = 0;
    let double = false;
    for (let index = digits.length - 1; index >= 0; index--) {
        let digit = digits.charCodeAt(index) - 48;
        if (double) {
            digit *= 2;
            if (digit > 9)
                digit -= 9;
        }
        sum += digit;
        double = !double;
    }
    return digits.length > 0 && sum % 10 === 0;
}
//# sourceMappingURL=luhn.js.map