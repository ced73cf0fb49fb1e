import { PiiCipher } from './pii';

describe('PiiCipher', () => {
  const cipher = new PiiCipher('a-test-secret-that-is-long-enough-0123456789');

  it('round-trips and never writes the clear value', () => {
    const sealed = cipher.encrypt('id_number', '11010519491231002X');
    expect(sealed.toString('latin1')).not.toContain('11010519491231002X');
    expect(cipher.decrypt('id_number', sealed)).toBe('11010519491231002X');
  });

  it('uses a fresh IV: the same value encrypts differently each time', () => {
    expect(cipher.encrypt('phone', '13812345678').equals(cipher.encrypt('phone', '13812345678'))).toBe(false);
  });

  it('detects tampering, a value moved to another field, and another key', () => {
    const sealed = cipher.encrypt('phone', '13812345678');
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] ^= 1;
    expect(() => cipher.decrypt('phone', tampered)).toThrow();
    expect(() => cipher.decrypt('id_number', sealed)).toThrow();
    expect(() => new PiiCipher('another-secret-that-is-long-enough-0123456789').decrypt('phone', sealed)).toThrow();
  });

  it('hashes deterministically per key and per field', () => {
    const a = cipher.hash('phone', '13812345678');
    expect(a).toHaveLength(32);
    expect(cipher.hash('phone', '13812345678').equals(a)).toBe(true);
    expect(cipher.hash('id_number', '13812345678').equals(a)).toBe(false);
    expect(new PiiCipher('another-secret-that-is-long-enough-0123456789').hash('phone', '13812345678').equals(a)).toBe(false);
  });

  it('refuses a short key', () => {
    expect(() => new PiiCipher('short')).toThrow(/32/);
  });
});
