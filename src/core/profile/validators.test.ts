import { describe, expect, it } from 'vitest';
import { isValidIban } from './iban.ts';
import { isIpv4Address } from './ipv4.ts';
import { isIpv6Address } from './ipv6.ts';
import { passesLuhn } from './luhn.ts';
import { cardBrandOf } from './payment-card.ts';
import { isUkNino } from './uk-nino.ts';

describe('validators', () => {
  it.each([
    ['79927398713', true],
    ['79927398710', false],
    ['0', true],
    ['', false],
  ])('Luhn %s is %s', (digits, expected) => expect(passesLuhn(digits)).toBe(expected));

  it.each([
    ['GB82WEST12345698765432', true],
    ['GB82WEST12345698765433', false],
    ['GB01WEST12345698765432', false],
    ['XX82WEST12345698765432', false],
    ['gb82west12345698765432', false],
  ])('IBAN %s is %s', (iban, expected) => expect(isValidIban(iban)).toBe(expected));

  it.each([
    ['4111111111111111', 'visa'],
    ['378282246310005', 'amex'],
    ['2223003122003222', 'mastercard'],
    ['6011111111111117', 'discover'],
    ['3530111333300000', 'jcb'],
    ['1111111111111111', undefined],
    ['411111111111111', undefined],
  ])('card brand of %s is %s', (digits, brand) => expect(cardBrandOf(digits)).toBe(brand));

  it.each([
    ['10.0.0.1', '', true],
    ['255.255.255.255', 'from ', true],
    ['1.2.3.4', 'version ', false],
    ['1.2.3.4', 'Firmware: ', false],
    ['1.2.3.4', 'v', false],
    ['1.2.3.256', '', false],
  ])('IPv4 %s after %j is %s', (address, before, expected) => expect(isIpv4Address(address, before)).toBe(expected));

  it.each([
    ['2001:db8::1', true],
    ['fe80::1', true],
    ['1:2:3:4:5:6:7:8', true],
    ['::ffff:10.0.0.1', true],
    ['1::2', false],
    ['::1', false],
    ['1:2:3:4:5:6:7', false],
    ['1::2::3', false],
    ['2001:DB8::abcd', false],
    ['12345::1', false],
  ])('IPv6 %s is %s', (address, expected) => expect(isIpv6Address(address)).toBe(expected));

  it.each([
    ['AB123456C', true],
    ['AB 12 34 56 C', true],
    ['AB 123456 C', false],
    ['TN123456A', false],
    ['FA123456A', false],
  ])('NINO %s is %s', (nino, expected) => expect(isUkNino(nino)).toBe(expected));
});
