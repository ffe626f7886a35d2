const dashedForm = /^[0-9]{3}-[0-9]{2}-[0-9]{4}$/;
/**
 * Whether `candidate` (`AAA-GG-SSSS`) can be a US Social Security number: area not 000, 666 or 900-999, group
 * not 00, serial not 0000, and not the number invalidated after its publication on a wallet insert (078-05-1120).
 * @see https://www.ssa.gov/employer/randomization.html
 * @see https://secure.ssa.gov/poms.nsf/lnx/0110201035
 */
export function isUsSsn(candidate) {
    if (!dashedForm.test(candidate))
        return false;
    const area = candidate.slice(0, 3);
    if (area === '000' || area === '666' || area[0] === '9')
        return false;
    if (candidate.slice(4, 6) === '00' || candidate.slice(7) === '0000')
        return false;
    return candidate !== '078-05-1120';
}
//# sourceMappingURL=us-ssn.js.map