import { signAccessToken, verifyAccessToken } from './jwt';

const SECRET = 's'.repeat(40);
const claims = { sub: 'u1', sid: 's1', name: 'li', iat: 1000, exp: 2000 };

describe('access tokens', () => {
  it('round-trips claims before expiry, and the same claims sign to the same token', () => {
    expect(verifyAccessToken(SECRET, signAccessToken(SECRET, claims), 1500)).toEqual({ ok: true, claims });
    expect(signAccessToken(SECRET, { exp: 2000, iat: 1000, name: 'li', sid: 's1', sub: 'u1' })).toBe(signAccessToken(SECRET, claims));
  });

  it('tells an expired token (signature good) from an invalid one', () => {
    const token = signAccessToken(SECRET, claims);
    expect(verifyAccessToken(SECRET, token, 2000)).toEqual({ ok: false, reason: 'expired', claims });
    expect(verifyAccessToken('x'.repeat(40), token, 2000)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses wrong secrets, tampered payloads, alg none and tokens without a session', () => {
    const token = signAccessToken(SECRET, claims);
    const invalid = { ok: false, reason: 'invalid' };
    expect(verifyAccessToken('x'.repeat(40), token, 1500)).toEqual(invalid);
    const [h, , s] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'u2' })).toString('base64url');
    expect(verifyAccessToken(SECRET, `${h}.${forged}.${s}`, 1500)).toEqual(invalid);
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(verifyAccessToken(SECRET, `${none}.${token.split('.')[1]}.`, 1500)).toEqual(invalid);
    expect(verifyAccessToken(SECRET, 'garbage', 1500)).toEqual(invalid);
    const { sid: _sid, ...noSession } = claims;
    expect(verifyAccessToken(SECRET, signAccessToken(SECRET, noSession as never), 1500)).toEqual(invalid);
  });
});
