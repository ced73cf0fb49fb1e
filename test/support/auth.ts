import { randomBytes } from 'node:crypto';
import { ACCESS_TOKEN_TTL_S } from '../../src/auth/access-tokens';
import { Role } from '../../src/core/identity/roles';
import { Clock } from '../../src/core/time/clock';
import { TEST_CONFIG, TestApp } from './test-app';

export type Headers = Record<string, string>;

const adminHeaders = new WeakMap<TestApp, { headers: Promise<Headers>; expiresAt: number }>();
/** Who logged in to get these headers: a test that must end a session can start a throwaway one of the same user. */
const credentials = new WeakMap<Headers, { username: string; password: string }>();

export async function login(t: TestApp, username: string, password: string): Promise<{ accessToken: string; refreshToken: string; headers: Headers }> {
  const res = await t.http.post('/v1/auth/login').send({ username, password });
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  const headers = { authorization: `Bearer ${res.body.accessToken}` };
  credentials.set(headers, { username, password });
  return { ...res.body, headers };
}

/** The username and current password behind headers that came from `login` (undefined when unknown). */
export const credentialsOf = (headers: Headers): { username: string; password: string } | undefined => credentials.get(headers);

/** Records a password change made with these headers, so that later tests know the current one. */
export function passwordChanged(headers: Headers, password: string): void {
  const known = credentials.get(headers);
  if (known) credentials.set(headers, { ...known, password });
}

/** The headers of a new session of the user behind `headers` (same user, same roles), or null when unknown. */
export async function anotherSession(t: TestApp, headers: Headers): Promise<Headers | null> {
  const known = credentials.get(headers);
  return known ? (await login(t, known.username, known.password)).headers : null;
}

/** The bootstrap admin's headers (logged in once per app, again once the app's clock passes the token's expiry). */
export function givenAdmin(t: TestApp): Promise<Headers> {
  const now = t.app.get(Clock).now().getTime();
  let cached = adminHeaders.get(t);
  if (!cached || cached.expiresAt <= now) {
    const { username, password } = TEST_CONFIG.bootstrapAdmin!;
    const previous = cached?.headers;
    // A suite may have changed the admin's password (POST /v1/auth/password): log in with the current one.
    const current = previous ? previous.then((h) => credentialsOf(h)?.password ?? password) : Promise.resolve(password);
    cached = { headers: current.then((p) => login(t, username, p)).then((r) => r.headers), expiresAt: now + (ACCESS_TOKEN_TTL_S - 60) * 1000 };
    adminHeaders.set(t, cached);
  }
  return cached.headers;
}

export interface UserFixture {
  id: string;
  username: string;
  password: string;
  headers: Headers;
}

/** A user with the given grants, created by the admin, logged in. */
export async function givenUser(t: TestApp, roles: { role: Role; villageId?: string; householdId?: string; townshipId?: string }[]): Promise<UserFixture> {
  const username = `u${randomBytes(5).toString('hex')}`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const res = await t.http.post('/v1/users').set(await givenAdmin(t)).send({ username, password, displayName: '测试用户', roles });
  if (res.status !== 201) throw new Error(`could not create user: ${res.status} ${JSON.stringify(res.body)}`);
  const { headers } = await login(t, username, password);
  return { id: res.body.id, username, password, headers };
}

/** Headers of a fresh user holding one role (in one village; admin: none). */
export async function asRole(t: TestApp, role: Role, villageId: string | null, extra: { householdId?: string } = {}): Promise<Headers> {
  if (role === 'admin') return givenAdmin(t);
  return (await givenUser(t, [{ role, villageId: villageId ?? undefined, ...extra }])).headers;
}
