import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { Actor } from './actor';
import { LoginDto, TokensDto } from './dto/auth.dto';
import { signAccessToken } from './jwt';
import { RefreshToken } from './refresh-token.entity';
import { dummyPasswordHash, randomToken, sha256, verifyPassword } from './secrets';

export const ACCESS_TOKEN_TTL_S = 15 * 60;
const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;
export const LOCKOUT_WINDOW_MS = 10 * 60 * 1000;
export const MAX_FAILURES_PER_USERNAME = 5;
export const MAX_FAILURES_PER_IP = 20;

/** The caller of a login or refresh, before it is anyone. */
export interface ClientInfo {
  ip: string;
  requestId: string;
}

const invalidCredentials = () => new DomainError('invalid_credentials', 'Wrong username or password');
const invalidRefresh = () => new DomainError('unauthenticated', 'The refresh token is not valid; log in again');

@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private anonymous(client: ClientInfo, name: string): Actor {
    return { kind: 'anonymous', id: null, name, grants: [], requestId: client.requestId, ip: client.ip };
  }

  /**
   * Counters live in PostgreSQL so that every API process enforces the same limit.
   * Throws 429 with Retry-After while the username (or the IP) is over its limit.
   */
  private async assertNotLockedOut(tx: EntityManager, username: string, ip: string, now: Date): Promise<void> {
    const since = new Date(now.getTime() - LOCKOUT_WINDOW_MS);
    const rows: { scope: string; nth: Date | null }[] = await tx.query(
      `SELECT 'username' AS scope, (SELECT attempted_at FROM login_failures WHERE username = $1 AND attempted_at > $3
                                    ORDER BY attempted_at DESC OFFSET $4 - 1 LIMIT 1) AS nth
       UNION ALL
       SELECT 'ip', (SELECT attempted_at FROM login_failures WHERE ip = $2 AND attempted_at > $3
                     ORDER BY attempted_at DESC OFFSET $5 - 1 LIMIT 1)`,
      [username, ip, since, MAX_FAILURES_PER_USERNAME, MAX_FAILURES_PER_IP],
    );
    // The limit lifts when the oldest failure that still counts leaves the window.
    const until = rows.filter((r) => r.nth).map((r) => new Date(r.nth as Date).getTime() + LOCKOUT_WINDOW_MS);
    if (until.length) {
      const retryAfter = Math.max(1, Math.ceil((Math.max(...until) - now.getTime()) / 1000));
      throw new DomainError('rate_limited', `Too many failed logins; retry in ${retryAfter} s`, { headers: { 'Retry-After': String(retryAfter) } });
    }
  }

  private async issueTokens(tx: EntityManager, user: User, familyId: string, now: Date): Promise<TokensDto> {
    const grants = await this.users.grantsOf(tx, user.id);
    const iat = Math.floor(now.getTime() / 1000);
    const accessToken = signAccessToken(this.config.jwtSecret, { sub: user.id, name: user.username, grants, iat, exp: iat + ACCESS_TOKEN_TTL_S });
    const refreshToken = randomToken('jfr_');
    await tx.insert(RefreshToken, { userId: user.id, familyId, tokenHash: sha256(refreshToken), expiresAt: new Date(now.getTime() + REFRESH_TOKEN_TTL_MS) });
    return { accessToken, tokenType: 'Bearer', expiresIn: ACCESS_TOKEN_TTL_S, refreshToken };
  }

  async login(dto: LoginDto, client: ClientInfo): Promise<TokensDto> {
    const username = dto.username.toLowerCase();
    const now = this.clock.now();
    const outcome = await this.dataSource.transaction(async (tx) => {
      // One login at a time per username, so racing guesses cannot slip past the counter.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`login:${username}`]);
      await this.assertNotLockedOut(tx, username, client.ip, now);
      const user = await tx.findOneBy(User, { username });
      const valid = user ? await verifyPassword(user.passwordHash, dto.password) : (await verifyPassword(await dummyPasswordHash(), dto.password), false);
      if (!user || !valid || user.status !== 'active') {
        await tx.query('INSERT INTO login_failures (username, ip, attempted_at) VALUES ($1, $2, $3)', [username, client.ip, now]);
        await this.audit.record(tx, this.anonymous(client, username), 'auth.login_failed', { type: 'user', id: user?.id ?? null, villageId: null }, null, {
          username,
          reason: !user ? 'unknown_user' : !valid ? 'wrong_password' : 'disabled',
        });
        return null;
      }
      const tokens = await this.issueTokens(tx, user, randomUUID(), now);
      const actor: Actor = { kind: 'user', id: user.id, name: user.username, grants: [], requestId: client.requestId, ip: client.ip };
      await this.audit.record(tx, actor, 'auth.login', { type: 'user', id: user.id, villageId: null });
      return tokens;
    });
    if (!outcome) throw invalidCredentials();
    return outcome;
  }

  async refresh(refreshToken: string, client: ClientInfo): Promise<TokensDto> {
    const now = this.clock.now();
    const result = await this.dataSource.transaction(async (tx) => {
      const token = await tx.findOne(RefreshToken, { where: { tokenHash: sha256(refreshToken) }, lock: { mode: 'pessimistic_write' } });
      if (!token || token.revokedAt) return { error: invalidRefresh() };
      const user = await tx.findOneBy(User, { id: token.userId });
      const actor: Actor = { kind: 'user', id: token.userId, name: user?.username ?? 'unknown', grants: [], requestId: client.requestId, ip: client.ip };
      if (token.usedAt) {
        // A used token came back: someone kept a copy. End the whole family.
        await tx.query('UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL', [token.familyId, now]);
        await this.audit.record(tx, actor, 'auth.refresh_reuse_detected', { type: 'user', id: token.userId, villageId: null }, null, { familyId: token.familyId });
        return { error: invalidRefresh() };
      }
      if (token.expiresAt <= now || !user || user.status !== 'active') return { error: invalidRefresh() };
      await tx.update(RefreshToken, { id: token.id }, { usedAt: now });
      const tokens = await this.issueTokens(tx, user, token.familyId, now);
      await this.audit.record(tx, actor, 'auth.refreshed', { type: 'user', id: user.id, villageId: null });
      return { tokens };
    });
    if ('error' in result) throw result.error;
    return result.tokens;
  }

  async logout(refreshToken: string, client: ClientInfo): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const token = await tx.findOneBy(RefreshToken, { tokenHash: sha256(refreshToken) });
      if (!token || token.revokedAt) throw invalidRefresh();
      await tx.query('UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL', [token.familyId, this.clock.now()]);
      const actor: Actor = { kind: 'user', id: token.userId, name: 'user', grants: [], requestId: client.requestId, ip: client.ip };
      await this.audit.record(tx, actor, 'auth.logout', { type: 'user', id: token.userId, villageId: null });
    });
  }
}
