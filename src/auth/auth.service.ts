import { Inject, Injectable } from '@nestjs/common';
import { createHmac, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { villagesOf } from '../users/grants';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { AccessState } from './access-state';
import { AuthRepository } from './auth.repository';
import { ACCESS_TOKEN_TTL_S, AccessTokens, unauthenticated } from './access-tokens';
import { Actor } from './actor';
import { ChangePasswordDto, LoginDto, TokensDto } from './dto/auth.dto';
import { RefreshToken } from './refresh-token.entity';
import { hashPassword, dummyPasswordHash, randomToken, sha256, verifyPassword } from './secrets';
import { LoginLockout } from './login-lockout';
import { AuthSession } from './session.entity';

export { ACCESS_TOKEN_TTL_S } from './access-tokens';
const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;
/** A refresh token presented again this soon after its use is a retry (two tabs, a lost answer), not theft. */
export const REFRESH_REUSE_GRACE_MS = 30_000;

/** The caller of a login or refresh, before it is anyone. */
export interface ClientInfo {
  ip: string;
  requestId: string;
}

const invalidCredentials = () => new DomainError('invalid_credentials', 'Wrong username or password');
const invalidRefresh = () => unauthenticated('The refresh token is not valid; log in again');

@Injectable()
export class AuthService {
  /** Derives a used refresh token's successor, so that a retry gets the same new pair without it being stored. */
  private readonly successorKey: Buffer;

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly tokens: AccessTokens,
    private readonly access: AccessState,
    private readonly repo: AuthRepository,
    private readonly lockout: LoginLockout,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.successorKey = createHmac('sha256', config.jwtSecret).update('jifen refresh-token successor').digest();
  }

  private anonymous(client: ClientInfo, name: string): Actor {
    return { kind: 'anonymous', id: null, name, grants: [], requestId: client.requestId, ip: client.ip };
  }

  private userActor(user: Pick<User, 'id' | 'username'>, client: ClientInfo): Actor {
    return { kind: 'user', id: user.id, name: user.username, grants: [], requestId: client.requestId, ip: client.ip };
  }

  /** The successor of a refresh token: a keyed hash of it (unguessable without the token and the secret). */
  private successorOf(refreshToken: string): string {
    return `jfr_${createHmac('sha256', this.successorKey).update(refreshToken).digest('base64url')}`;
  }

  private async issueTokens(tx: EntityManager, user: User, sessionId: string, now: Date, refreshToken: string): Promise<TokensDto> {
    await tx.insert(RefreshToken, { userId: user.id, familyId: sessionId, tokenHash: sha256(refreshToken), expiresAt: new Date(now.getTime() + REFRESH_TOKEN_TTL_MS) });
    return this.pair(user, sessionId, now, refreshToken);
  }

  private pair(user: Pick<User, 'id' | 'username'>, sessionId: string, issuedAt: Date, refreshToken: string): TokensDto {
    const accessToken = this.tokens.sign(user.id, sessionId, user.username, Math.floor(issuedAt.getTime() / 1000));
    return { accessToken, tokenType: 'Bearer', expiresIn: ACCESS_TOKEN_TTL_S, refreshToken };
  }

  /** Starts a session for a user without a password check: for in-process tools (the demo seed) only. */
  async startSession(user: User, client: ClientInfo): Promise<TokensDto> {
    return this.dataSource.transaction(async (tx) => {
      const sessionId = randomUUID();
      await tx.insert(AuthSession, { id: sessionId, userId: user.id });
      const tokens = await this.issueTokens(tx, user, sessionId, this.clock.now(), randomToken('jfr_'));
      await this.audit.record(tx, this.userActor(user, client), 'auth.login', { type: 'user', id: user.id, villageId: null }, null, { via: 'in-process' });
      return tokens;
    });
  }

  async login(dto: LoginDto, client: ClientInfo): Promise<TokensDto> {
    const username = dto.username.toLowerCase();
    const now = this.clock.now();
    const outcome = await this.dataSource.transaction(async (tx) => {
      await this.lockout.lockUsername(tx, username);
      await this.lockout.assertNotLockedOut(tx, username, client.ip, now);
      const user = await tx.findOneBy(User, { username });
      const valid = user ? await verifyPassword(user.passwordHash, dto.password) : (await verifyPassword(await dummyPasswordHash(), dto.password), false);
      if (!user || !valid || user.status !== 'active') {
        await this.lockout.recordFailure(tx, username, client.ip, now);
        await this.audit.record(tx, this.anonymous(client, username), 'auth.login_failed', { type: 'user', id: user?.id ?? null, villageId: null }, null, {
          username,
          reason: !user ? 'unknown_user' : !valid ? 'wrong_password' : 'disabled',
        });
        return null;
      }
      const sessionId = randomUUID();
      await tx.insert(AuthSession, { id: sessionId, userId: user.id });
      const tokens = await this.issueTokens(tx, user, sessionId, now, randomToken('jfr_'));
      await this.audit.record(tx, this.userActor(user, client), 'auth.login', { type: 'user', id: user.id, villageId: null });
      return tokens;
    });
    if (!outcome) throw invalidCredentials();
    return outcome;
  }

  /**
   * Trades a refresh token for a new pair; the old one is used up. Presented again within
   * 30 s of its use (two tabs refreshing at once, an answer lost on the way), it gets that
   * same pair again: the successor is derived from it, and the access token is signed from the
   * same claims at the same second. Presented later, someone kept a copy: the whole session
   * ends, its access tokens with it.
   */
  async refresh(refreshToken: string, client: ClientInfo): Promise<TokensDto> {
    const now = this.clock.now();
    const result = await this.dataSource.transaction(async (tx) => {
      // Parallel refreshes with one token queue here; each then sees the first one's used_at.
      const token = await tx.findOne(RefreshToken, { where: { tokenHash: sha256(refreshToken) }, lock: { mode: 'pessimistic_write' } });
      if (!token) return { error: invalidRefresh() };
      const session = await tx.findOneByOrFail(AuthSession, { id: token.familyId });
      const user = await tx.findOneBy(User, { id: token.userId });
      if (session.revokedAt || !user || user.status !== 'active') return { error: invalidRefresh() };
      if (token.usedAt) {
        if (now.getTime() - token.usedAt.getTime() <= REFRESH_REUSE_GRACE_MS) {
          return { tokens: this.pair(user, session.id, token.usedAt, this.successorOf(refreshToken)) };
        }
        await tx.update(AuthSession, { id: session.id }, { revokedAt: now });
        await this.audit.record(tx, this.userActor(user, client), 'auth.refresh_reuse_detected', { type: 'user', id: user.id, villageId: null }, null, { sessionId: session.id });
        return { error: invalidRefresh(), ended: session.id };
      }
      if (token.expiresAt <= now) return { error: invalidRefresh() };
      await tx.update(RefreshToken, { id: token.id }, { usedAt: now });
      const tokens = await this.issueTokens(tx, user, session.id, now, this.successorOf(refreshToken));
      await this.audit.record(tx, this.userActor(user, client), 'auth.refreshed', { type: 'user', id: user.id, villageId: null });
      return { tokens };
    });
    if ('ended' in result) this.access.forget({ sessions: [result.ended as string] });
    if ('error' in result) throw result.error;
    return result.tokens;
  }

  /**
   * Ends the session of the bearer token (an expired one is accepted: it still names its
   * session) and/or of the refresh token: its refresh tokens and its access tokens stop at once.
   * Ending an ended session is no error.
   */
  async logout(authorization: string | undefined, refreshToken: string | undefined, client: ClientInfo): Promise<void> {
    const sessionIds: string[] = [];
    if (authorization !== undefined) sessionIds.push(this.tokens.claimsOf(authorization, true).sid);
    // The body's refreshToken is optional, and an optional field lets a JSON null through validation.
    if (refreshToken !== undefined && refreshToken !== null) {
      const token = await this.dataSource.getRepository(RefreshToken).findOneBy({ tokenHash: sha256(refreshToken) });
      if (!token) throw invalidRefresh();
      sessionIds.push(token.familyId);
    }
    if (!sessionIds.length) throw unauthenticated('Send the session\'s bearer token (Authorization header) or its refresh token');
    const ended = await this.dataSource.transaction(async (tx) => {
      const rows = await this.repo.endSessions(tx, sessionIds, this.clock.now());
      for (const row of rows) {
        await this.audit.record(tx, this.userActor({ id: row.user_id, username: row.username }, client), 'auth.logout', { type: 'user', id: row.user_id, villageId: null }, null, {
          sessionId: row.id,
        });
      }
      return rows.map((r) => r.id);
    });
    this.access.forget({ sessions: ended });
  }

  /**
   * A user sets their own password. The current one must be right: a wrong one counts as a
   * failed login (so a stolen access token cannot be used to guess it). The caller's other
   * sessions end; this one goes on.
   */
  async changePassword(actor: Actor, dto: ChangePasswordDto, client: ClientInfo): Promise<void> {
    if (actor.kind !== 'user' || !actor.id || !actor.sessionId) throw new DomainError('forbidden', 'Only a logged-in user has a password to change');
    const userId = actor.id;
    const sessionId = actor.sessionId;
    const now = this.clock.now();
    const outcome = await this.dataSource.transaction(async (tx) => {
      await this.lockout.lockUsername(tx, actor.name);
      await this.lockout.assertNotLockedOut(tx, actor.name, client.ip, now);
      const user = await tx.findOneByOrFail(User, { id: userId });
      if (!(await verifyPassword(user.passwordHash, dto.currentPassword))) {
        await this.lockout.recordFailure(tx, user.username, client.ip, now);
        await this.audit.record(tx, actor, 'auth.login_failed', { type: 'user', id: user.id, villageId: null }, null, { username: user.username, reason: 'wrong_current_password' });
        return { error: invalidCredentials() };
      }
      if (dto.newPassword === dto.currentPassword) {
        return { error: new DomainError('validation_failed', 'The new password is the current one', { errors: [{ field: 'newPassword', message: 'must differ from the current password' }] }) };
      }
      await tx.update(User, { id: user.id }, { passwordHash: await hashPassword(dto.newPassword), passwordChangedAt: now, mustChangePassword: false });
      const ended = await this.repo.endOtherSessions(tx, user.id, sessionId, now);
      const grants = await this.users.grantsOf(tx, user.id);
      await this.audit.recordInVillages(tx, actor, 'auth.password_changed', { type: 'user', id: user.id }, await villagesOf(tx, grants), null, {
        passwordChanged: true,
        endedSessions: ended.length,
      });
      return { ended };
    });
    if ('error' in outcome) throw outcome.error;
    this.access.forget({ users: [userId], sessions: outcome.ended });
  }
}
