import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AccessState } from '../auth/access-state';
import { AuthRepository } from '../auth/auth.repository';
import { Actor, SYSTEM_ACTOR, assertVillageRole, isAdmin, townshipsOf } from '../auth/actor';
import { RoleGrant, isTownshipRole } from '../auth/roles';
import { hashPassword } from '../auth/secrets';
import { isUniqueViolation } from '../common/db-errors';
import { DomainError, notFound } from '../common/errors';
import { DEFAULT_LIMIT, Page, decodeCursor, pageOf } from '../common/pagination';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { CreateUserDto, ListUsersQueryDto, RoleGrantDto, UpdateUserDto, UserDto } from './dto/user.dto';
import { assertCanManage, checkGrantable, distinctGrants, sameGrants, villagesOf } from './grants';
import { RoleGrantRow } from './role-grant.entity';
import { User } from './user.entity';
import { UsersRepository } from './users.repository';

export function toGrant(row: RoleGrantRow): RoleGrant {
  return { role: row.role as RoleGrant['role'], villageId: row.villageId, householdId: row.householdId, townshipId: row.townshipId };
}

/** Grants in a stable order: oldest first; those given together by role, then village. */
export const GRANT_ORDER = { createdAt: 'ASC', role: 'ASC', villageId: 'ASC', id: 'ASC' } as const;

function toUserDto(user: User, grants: RoleGrant[]): UserDto {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    status: user.status,
    roles: grants.map((g) => ({
      role: g.role,
      villageId: g.villageId,
      ...(g.role === 'resident' ? { householdId: g.householdId ?? null } : {}),
      ...(isTownshipRole(g.role) ? { townshipId: g.townshipId ?? null } : {}),
    })),
    createdAt: user.createdAt.toISOString(),
  };
}

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Users');

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly access: AccessState,
    private readonly repo: UsersRepository,
    private readonly sessions: AuthRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The first admin, on an empty database: from BOOTSTRAP_ADMIN_*, or in embedded mode a
   * generated password printed once. Several processes starting at once: the unique
   * username decides, the losers do nothing.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.dataSource.isInitialized) return;
    let credentials = this.config.bootstrapAdmin;
    let generated = false;
    if (!credentials) {
      if (this.config.databaseUrl !== null) return;
      credentials = { username: 'admin', password: randomBytes(12).toString('base64url') };
      generated = true;
    }
    if ((await this.dataSource.getRepository(User).count()) > 0) return;
    try {
      await this.dataSource.transaction(async (tx) => {
        await this.repo.lockBootstrap(tx);
        if ((await tx.count(User)) > 0) return;
        await this.insertUser(tx, SYSTEM_ACTOR, {
          username: credentials.username.toLowerCase(),
          password: credentials.password,
          displayName: 'Administrator',
          roles: [{ role: 'admin' }],
        });
        if (generated) {
          // Printed once, on purpose, to the console only: the operator's first login.
          process.stdout.write(`\nFirst admin created: username "admin", password "${credentials.password}" (change it after logging in)\n\n`);
        } else {
          this.logger.log(`bootstrap admin "${credentials.username}" created`);
        }
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }

  async grantsOf(manager: EntityManager, userId: string): Promise<RoleGrant[]> {
    const rows = await manager.find(RoleGrantRow, { where: { userId }, order: GRANT_ORDER });
    return rows.map(toGrant);
  }

  private async insertGrants(tx: EntityManager, userId: string, grants: RoleGrantDto[]): Promise<void> {
    const unique = distinctGrants(grants);
    if (unique.length) {
      await tx.insert(
        RoleGrantRow,
        unique.map((g) => ({ userId, role: g.role, villageId: g.villageId ?? null, householdId: g.householdId ?? null, townshipId: g.townshipId ?? null })),
      );
    }
  }

  private async insertUser(tx: EntityManager, actor: Actor, dto: CreateUserDto): Promise<UserDto> {
    const user = tx.create(User, {
      username: dto.username,
      displayName: dto.displayName.trim(),
      passwordHash: await hashPassword(dto.password),
      passwordChangedAt: new Date(),
      status: 'active',
    });
    try {
      await tx.insert(User, user);
    } catch (error) {
      if (isUniqueViolation(error, 'users_username_key')) throw new DomainError('conflict', `The username ${dto.username} is taken`);
      throw error;
    }
    await this.insertGrants(tx, user.id, dto.roles);
    const saved = await tx.findOneByOrFail(User, { id: user.id });
    const grants = await this.grantsOf(tx, user.id);
    const view = toUserDto(saved, grants);
    await this.audit.recordInVillages(tx, actor, 'user.created', { type: 'user', id: user.id }, await villagesOf(tx, grants), null, view);
    return view;
  }

  /** Which of these usernames exist already (case-insensitive: usernames are stored lower-case). */
  async existingUsernames(usernames: string[]): Promise<string[]> {
    if (!usernames.length) return [];
    return this.repo.existingUsernames(this.dataSource.manager, usernames);
  }

  /**
   * Resident logins created in bulk (onboarding), with their password already hashed: each
   * must change it at first login. One insert for the users, one for their grants, one
   * audit event per user (user.created, via resident onboarding). Returns the ids in order.
   */
  async insertResidentLogins(
    tx: EntityManager,
    actor: Actor,
    villageId: string,
    logins: { username: string; displayName: string; passwordHash: string; householdId: string }[],
  ): Promise<string[]> {
    if (!logins.length) return [];
    const now = new Date();
    let rows: { id: string; username: string }[];
    try {
      rows = await this.repo.insertResidentUsers(
        tx,
        logins.map((l) => ({ username: l.username, displayName: l.displayName.slice(0, 100), passwordHash: l.passwordHash })),
        now,
      );
    } catch (error) {
      if (isUniqueViolation(error, 'users_username_key')) throw new DomainError('conflict', 'A username was taken meanwhile; send the request again');
      throw error;
    }
    const idOf = new Map(rows.map((r) => [r.username, r.id]));
    const ids = logins.map((l) => idOf.get(l.username)!);
    await this.repo.insertResidentGrants(
      tx,
      villageId,
      ids,
      logins.map((l) => l.householdId),
    );
    for (const [i, login] of logins.entries()) {
      await this.audit.record(tx, actor, 'user.created', { type: 'user', id: ids[i], villageId }, null, {
        id: ids[i],
        username: login.username,
        displayName: login.displayName,
        status: 'active',
        roles: [{ role: 'resident', villageId, householdId: login.householdId }],
        mustChangePassword: true,
        via: 'resident_onboarding',
      });
    }
    return ids;
  }

  async create(actor: Actor, dto: CreateUserDto): Promise<UserDto> {
    return this.dataSource.transaction(async (tx) => {
      await checkGrantable(tx, actor, dto.roles);
      return this.insertUser(tx, actor, dto);
    });
  }

  /**
   * The caller and whether they must change their password first, in one query: the grants
   * are the actor's own, which the guard loaded (current ones) for this request.
   */
  async profile(actor: Actor): Promise<{ user: UserDto; mustChangePassword: boolean }> {
    const user = actor.kind === 'user' && actor.id ? await this.dataSource.getRepository(User).findOneBy({ id: actor.id }) : null;
    if (!user) throw notFound('User');
    return { user: toUserDto(user, actor.grants), mustChangePassword: user.mustChangePassword };
  }

  async me(actor: Actor): Promise<UserDto> {
    const user = actor.id ? await this.dataSource.getRepository(User).findOneBy({ id: actor.id }) : null;
    if (!user) throw notFound('User');
    return toUserDto(user, await this.grantsOf(this.dataSource.manager, user.id));
  }

  /** The user, if the caller may manage them (see assertCanManage): 404 or 403 otherwise. */
  private async manageable(manager: EntityManager, actor: Actor, userId: string): Promise<{ user: User; grants: RoleGrant[] }> {
    const user = await manager.findOneBy(User, { id: userId });
    if (!user) throw notFound('User');
    const grants = await this.grantsOf(manager, userId);
    assertCanManage(actor, grants, 'User');
    return { user, grants };
  }

  async get(actor: Actor, id: string): Promise<UserDto> {
    const { user, grants } = await this.manageable(this.dataSource.manager, actor, id);
    return toUserDto(user, grants);
  }

  /**
   * Rename, disable, reset the password or replace the roles. The caller must be able to
   * grant every role the user holds and every role of a new set. Disabling or a new password
   * ends every session at once (refresh tokens and access tokens); a role change applies to
   * the user's next request. The event goes to every village of the old and the new roles.
   */
  async update(actor: Actor, id: string, dto: UpdateUserDto): Promise<UserDto> {
    const { view, endedSessions } = await this.dataSource.transaction(async (tx) => {
      await this.repo.lockUser(tx, id);
      const { user, grants } = await this.manageable(tx, actor, id);
      if (dto.roles) await checkGrantable(tx, actor, dto.roles);
      const before = toUserDto(user, grants);
      if (dto.displayName !== undefined) user.displayName = dto.displayName.trim();
      if (dto.status !== undefined) user.status = dto.status;
      if (dto.password !== undefined) {
        user.passwordHash = await hashPassword(dto.password);
        user.passwordChangedAt = new Date();
        // A password someone else chose (a reset by staff) is known to them: the user chooses their own at the next login.
        user.mustChangePassword = actor.kind !== 'user' || actor.id !== id;
      }
      await tx.save(user);
      let newGrants = grants;
      if (dto.roles && !sameGrants(grants, dto.roles)) {
        await tx.delete(RoleGrantRow, { userId: id });
        await this.insertGrants(tx, id, dto.roles);
        newGrants = await this.grantsOf(tx, id);
      }
      const ended = dto.status === 'disabled' || dto.password !== undefined ? await this.sessions.endSessionsOfUser(tx, id) : [];
      const after = toUserDto(await tx.findOneByOrFail(User, { id }), newGrants);
      await this.audit.recordInVillages(tx, actor, 'user.updated', { type: 'user', id }, await villagesOf(tx, grants, newGrants), before, {
        ...after,
        ...(dto.password !== undefined ? { passwordChanged: true } : {}),
      });
      return { view: after, endedSessions: ended };
    });
    this.access.forget({ users: [id], sessions: endedSessions });
    return view;
  }

  /**
   * Ordered by username; village admins see the users of their villages, township admins
   * those of their township's villages and of the township itself.
   */
  async list(actor: Actor, query: ListUsersQueryDto): Promise<Page<UserDto>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, ['text']);
    let villages: string[] | null = null;
    let townships: string[] = [];
    if (!isAdmin(actor)) {
      const managers = actor.grants.filter((g) => g.role === 'village_admin' || g.role === 'township_admin');
      villages = [...new Set(managers.flatMap((g) => (g.villageId ? [g.villageId] : (g.villageIds ?? []))))];
      townships = townshipsOf(actor, ['township_admin']);
      if (query.villageId) {
        assertVillageRole(actor, query.villageId, ['village_admin', 'township_admin'], 'Village');
        villages = [query.villageId];
        townships = [];
      }
    } else if (query.villageId) {
      villages = [query.villageId];
    }
    const users = await this.repo.page(this.dataSource.manager, after ? String(after[0]) : null, villages ? { villages, townships } : null, limit + 1);
    const grants = users.length ? await this.dataSource.getRepository(RoleGrantRow).find({ where: { userId: In(users.map((u) => u.id)) }, order: GRANT_ORDER }) : [];
    return pageOf(users, limit, (u) => [u.username], (u) => toUserDto(u, grants.filter((g) => g.userId === u.id).map(toGrant)));
  }
}
