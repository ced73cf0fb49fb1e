import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, SYSTEM_ACTOR, assertVillageRole, isAdmin } from '../auth/actor';
import { RoleGrant } from '../auth/roles';
import { hashPassword } from '../auth/secrets';
import { isUniqueViolation } from '../common/db-errors';
import { DomainError, notFound } from '../common/errors';
import { DEFAULT_LIMIT, Page, decodeCursor, pageOf } from '../common/pagination';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { Village } from '../villages/village.entity';
import { CreateUserDto, ListUsersQueryDto, RoleGrantDto, UpdateUserDto, UserDto } from './dto/user.dto';
import { RoleGrantRow } from './role-grant.entity';
import { User } from './user.entity';

export function toGrant(row: RoleGrantRow): RoleGrant {
  return { role: row.role as RoleGrant['role'], villageId: row.villageId, householdId: row.householdId };
}

function toUserDto(user: User, grants: RoleGrant[]): UserDto {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    status: user.status,
    roles: grants.map((g) => ({ role: g.role, villageId: g.villageId, ...(g.role === 'resident' ? { householdId: g.householdId ?? null } : {}) })),
    createdAt: user.createdAt.toISOString(),
  };
}

/**
 * Who may hand out which role: admin anything; a village_admin only village roles in a
 * village they administer. Shared with API keys, which carry roles the same way.
 */
export async function checkGrantable(tx: EntityManager, actor: Actor, grants: RoleGrantDto[]): Promise<void> {
  for (const [index, grant] of grants.entries()) {
    const field = `roles.${index}.villageId`;
    if (grant.role === 'admin') {
      if (grant.villageId) throw new DomainError('validation_failed', 'admin is global: give no villageId', { errors: [{ field, message: 'must be absent for admin' }] });
      if (!isAdmin(actor)) throw new DomainError('forbidden', 'Only an admin can grant admin');
      continue;
    }
    if (!grant.villageId) throw new DomainError('validation_failed', `${grant.role} needs a villageId`, { errors: [{ field, message: 'required for this role' }] });
    if (grant.householdId && grant.role !== 'resident') {
      throw new DomainError('validation_failed', 'householdId goes with the resident role only', { errors: [{ field: `roles.${index}.householdId`, message: 'only for resident' }] });
    }
    assertVillageRole(actor, grant.villageId, ['village_admin'], 'Village');
    if (!(await tx.existsBy(Village, { id: grant.villageId }))) throw notFound('Village');
  }
}

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Users');

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
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
        await tx.query('SELECT pg_advisory_xact_lock(7311947002)');
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
    const rows = await manager.find(RoleGrantRow, { where: { userId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map(toGrant);
  }

  private async insertUser(tx: EntityManager, actor: Actor, dto: CreateUserDto): Promise<UserDto> {
    const user = tx.create(User, { username: dto.username, displayName: dto.displayName.trim(), passwordHash: await hashPassword(dto.password), status: 'active' });
    try {
      await tx.insert(User, user);
    } catch (error) {
      if (isUniqueViolation(error, 'users_username_key')) throw new DomainError('conflict', `The username ${dto.username} is taken`);
      throw error;
    }
    const unique = [...new Map(dto.roles.map((g) => [`${g.role}/${g.villageId ?? ''}/${g.householdId ?? ''}`, g])).values()];
    if (unique.length) {
      await tx.insert(
        RoleGrantRow,
        unique.map((g) => ({ userId: user.id, role: g.role, villageId: g.villageId ?? null, householdId: g.householdId ?? null })),
      );
    }
    const saved = await tx.findOneByOrFail(User, { id: user.id });
    const view = toUserDto(saved, await this.grantsOf(tx, user.id));
    await this.audit.record(tx, actor, 'user.created', { type: 'user', id: user.id, villageId: null }, null, view);
    return view;
  }

  async create(actor: Actor, dto: CreateUserDto): Promise<UserDto> {
    return this.dataSource.transaction(async (tx) => {
      await checkGrantable(tx, actor, dto.roles);
      return this.insertUser(tx, actor, dto);
    });
  }

  async me(actor: Actor): Promise<UserDto> {
    const user = actor.id ? await this.dataSource.getRepository(User).findOneBy({ id: actor.id }) : null;
    if (!user) throw notFound('User');
    return toUserDto(user, await this.grantsOf(this.dataSource.manager, user.id));
  }

  /** Staff may see a user who holds a role in a village they administer (admin: everyone). */
  private async assertCanManage(manager: EntityManager, actor: Actor, userId: string): Promise<{ user: User; grants: RoleGrant[] }> {
    const user = await manager.findOneBy(User, { id: userId });
    if (!user) throw notFound('User');
    const grants = await this.grantsOf(manager, userId);
    if (isAdmin(actor)) return { user, grants };
    const villages = grants.map((g) => g.villageId).filter((v): v is string => v !== null);
    const administered = villages.filter((v) => actor.grants.some((g) => g.role === 'village_admin' && g.villageId === v));
    if (administered.length === 0 || grants.some((g) => g.role === 'admin')) throw notFound('User');
    return { user, grants };
  }

  async get(actor: Actor, id: string): Promise<UserDto> {
    const { user, grants } = await this.assertCanManage(this.dataSource.manager, actor, id);
    return toUserDto(user, grants);
  }

  async update(actor: Actor, id: string, dto: UpdateUserDto): Promise<UserDto> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [id]);
      const { user, grants } = await this.assertCanManage(tx, actor, id);
      const before = toUserDto(user, grants);
      if (dto.displayName !== undefined) user.displayName = dto.displayName.trim();
      if (dto.status !== undefined) user.status = dto.status;
      if (dto.password !== undefined) user.passwordHash = await hashPassword(dto.password);
      await tx.save(user);
      if (dto.status === 'disabled' || dto.password !== undefined) {
        // A disabled user or a changed password ends every session.
        await tx.query('UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [id]);
      }
      const after = toUserDto(await tx.findOneByOrFail(User, { id }), grants);
      await this.audit.record(tx, actor, 'user.updated', { type: 'user', id, villageId: null }, before, {
        ...after,
        ...(dto.password !== undefined ? { passwordChanged: true } : {}),
      });
      return after;
    });
  }

  /** Ordered by username; village admins see the users of their villages. */
  async list(actor: Actor, query: ListUsersQueryDto): Promise<Page<UserDto>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, ['text']);
    let villages: string[] | null = null;
    if (!isAdmin(actor)) {
      villages = actor.grants.filter((g) => g.role === 'village_admin').map((g) => g.villageId as string);
      if (query.villageId) {
        assertVillageRole(actor, query.villageId, ['village_admin'], 'Village');
        villages = [query.villageId];
      }
    } else if (query.villageId) {
      villages = [query.villageId];
    }
    const qb = this.dataSource.getRepository(User).createQueryBuilder('u').orderBy('u.username', 'ASC').limit(limit + 1);
    if (after) qb.andWhere('u.username > :after', { after: after[0] });
    if (villages) qb.andWhere('EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id AND g.village_id = ANY(:villages))', { villages });
    const users = await qb.getMany();
    const grants = users.length
      ? await this.dataSource.getRepository(RoleGrantRow).createQueryBuilder('g').where('g.user_id IN (:...ids)', { ids: users.map((u) => u.id) }).orderBy('g.created_at').getMany()
      : [];
    return pageOf(users, limit, (u) => [u.username], (u) => toUserDto(u, grants.filter((g) => g.userId === u.id).map(toGrant)));
  }
}
