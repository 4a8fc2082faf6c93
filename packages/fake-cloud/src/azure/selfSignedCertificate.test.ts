import { X509Certificate, createPrivateKey } from 'node:crypto';
import {
  selfSignedCertificate,
  unsignedInteger,
} from './selfSignedCertificate';

describe('selfSignedCertificate', () => {
  it.each([
    ['a leading zero byte', '0005a1b2c3d4e5f60718293a4b5c6d7e'],
    ['two leading zero bytes', '00007f0102030405060708090a0b0c0d'],
    ['its high bit set', '80112233445566778899aabbccddeeff'],
    ['a zero byte before a high bit', '00ff112233445566778899aabbccddee'],
  ])('is a certificate OpenSSL reads when the serial has %s', (_, hex) => {
    const { cert, key } = selfSignedCertificate(
      'fake',
      30,
      Buffer.from(hex, 'hex'),
    );
    const x509 = new X509Certificate(cert);
    expect(x509.serialNumber.toLowerCase()).toBe(hex.replace(/^(00)+/, ''));
    expect(x509.checkPrivateKey(createPrivateKey(key))).toBe(true);
    expect(x509.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x509.checkHost('localhost')).toBe('localhost');
    expect(x509.verify(x509.publicKey)).toBe(true);
  });

  it('is valid from yesterday for the given number of days', () => {
    const x509 = new X509Certificate(selfSignedCertificate('fake', 10).cert);
    const day = 24 * 60 * 60 * 1000;
    expect(Date.parse(x509.validFrom)).toBeLessThan(Date.now() - day + 60_000);
    expect(Date.parse(x509.validTo)).toBeGreaterThan(Date.now() + 9 * day);
  });

  it('encodes integers in the fewest bytes DER allows', () => {
    const hex = (bytes: number[]) =>
      unsignedInteger(Buffer.from(bytes)).toString('hex');
    expect(hex([0, 0, 5])).toBe('020105');
    expect(hex([0x80])).toBe('02020080');
    expect(hex([0, 0x80])).toBe('02020080');
    expect(hex([0])).toBe('020100');
  });
});
