import { signAccessToken, verifyAccessToken } from './jwt';

const SECRET = 's'.repeat(40);
const claims = { sub: 'u1', name: 'li', grants: [{ role: 'admin' as const, villageId: null }], iat: 1000, exp: 2000 };

describe('access tokens', () => {
  it('round-trips claims before expiry', () => {
    expect(verifyAccessToken(SECRET, signAccessToken(SECRET, claims), 1500)).toEqual(claims);
  });

  it('refuses expired tokens, wrong secrets, tampered payloads and alg none', () => {
    const token = signAccessToken(SECRET, claims);
    expect(verifyAccessToken(SECRET, token, 2000)).toBeNull();
    expect(verifyAccessToken('x'.repeat(40), token, 1500)).toBeNull();
    const [h, , s] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'u2' })).toString('base64url');
    expect(verifyAccessToken(SECRET, `${h}.${forged}.${s}`, 1500)).toBeNull();
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(verifyAccessToken(SECRET, `${none}.${token.split('.')[1]}.`, 1500)).toBeNull();
    expect(verifyAccessToken(SECRET, 'garbage', 1500)).toBeNull();
  });
});
