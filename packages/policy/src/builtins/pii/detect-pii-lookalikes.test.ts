import { detectPii } from './detect-pii';

const found = (text: string): string[] => detectPii(text).map((finding) => `${finding.type}:${finding.value}`);

describe('detectPii on identifiers that look like PII', () => {
  it('does not take a ZIP+4 code for a phone number, unless a phone word comes before it', () => {
    expect(found('ZIP code 09754-7558')).toEqual([]);
    expect(found('Ship to 12 Main St, Springfield, IL 09754-7558')).toEqual([]);
    expect(found('09754-7558')).toEqual([]);
    expect(found('Tel. 09754-7558')).toEqual(['phone:09754-7558']);
  });

  it('does not take a four-part software version for an IPv4 address', () => {
    expect(found('version 1.2.3.4')).toEqual([]);
    expect(found('upgraded to 10.0.2.15 last night')).toEqual([]);
    expect(found('firmware 4.0.4.71')).toEqual([]);
    expect(found('Node.js 8.8.7.121')).toEqual([]);
    expect(found('host 1.2.3.4 is down')).toEqual(['ipv4:1.2.3.4']);
  });

  it('does not take IMEIs, account numbers or order ids for cards or phones', () => {
    // A 15-digit IMEI passes Luhn but only Amex issues 15-digit cards.
    expect(found('IMEI 490154203237518')).toEqual([]);
    expect(found('account no. 4513160466916222')).toEqual([]);
    expect(found('card 4513160466916222')).toEqual(['credit_card:4513160466916222']);
    expect(found('Your order 017-7735966-3427866 has shipped')).toEqual([]);
    expect(found('ISBN 978-0-295-06358-4, routing number 073995919')).toEqual([]);
  });

  it('finds 13-digit Brazilian mobile numbers in E.164 form', () => {
    expect(found('WhatsApp +5511912345678')).toEqual(['phone:+5511912345678']);
    expect(found('+55 11 91234-5678')).toEqual(['phone:+55 11 91234-5678']);
    expect(found('ligue +55 (11) 91234-5678')).toEqual(['phone:+55 (11) 91234-5678']);
  });

  it('finds Iranian IBANs, compact and grouped', () => {
    expect(found('IBAN IR270170000000100324200001')).toEqual(['iban:IR270170000000100324200001']);
    expect(found('IR27 0170 0000 0010 0324 2000 01')).toEqual(['iban:IR27 0170 0000 0010 0324 2000 01']);
    expect(found('IR28 0170 0000 0010 0324 2000 01')).toEqual([]);
  });

  it('finds national numbers after a phone word, with their extension', () => {
    expect(found('Fax: 8351422459')).toEqual(['phone:8351422459']);
    expect(found('call me at 570-845-0874 x1104.')).toEqual(['phone:570-845-0874 x1104']);
    expect(found('my mobile is +33 681074836')).toEqual(['phone:+33 681074836']);
    expect(found('Kontonummer 8351422459')).toEqual([]);
  });

  it('reads a token in URL credentials as a token, not as an email address', () => {
    const token = 'ghp_2leA8UoqXkCu209lkL6KMK3xuo2mGSZSK5zb';
    expect(found(`git clone https://${token}@github.com/acme/repo`)).toEqual([`github_token:${token}`]);
  });
});
