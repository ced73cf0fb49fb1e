import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { Actor, assertVillageRole } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { isUniqueViolation } from '../common/db-errors';
import { DomainError, notFound } from '../common/errors';
import { DEFAULT_LIMIT, Page, decodeCursor, pageOf } from '../common/pagination';
import { PassbookLineDto, StatementQueryDto } from '../ledger/dto/ledger.dto';
import { LedgerPort } from '../ledger/ledger.port';
import { canRead, readScope } from './access';
import { assertContact } from './contacts';
import {
  HouseholdBalanceDto,
  HouseholdBalanceQueryDto,
  CreateHouseholdDto,
  HouseholdDto,
  ListHouseholdsQueryDto,
  HouseholdLookupDto,
  HouseholdLookupQueryDto,
  UpdateHouseholdDto,
} from './dto/household.dto';
import { Household } from './entities/household.entity';
import { Resident } from './entities/resident.entity';
import { PiiCipher } from './pii';
import { PersonalSearchLimiter } from './personal-search.limiter';
import { ResidentsRepository, personalSearchOf } from './residents.repository';
import { householdAuditView, seesPersonalData, toHouseholdDto, toResidentDto } from './residents.views';
import { assertIfMatch, etagOf } from '../common/etag';
import { assertVillageExists } from '../villages/village-lookup';

export interface HouseholdWithEtag {
  household: HouseholdDto;
  etag: string;
}

/** Unique-index names of households and the message each one means. */
export function householdConflict(error: unknown, code: string, cardNo: string | null | undefined): DomainError | null {
  if (isUniqueViolation(error, 'households_village_code_key')) return new DomainError('conflict', `Household code ${code} is already used in this village`);
  if (isUniqueViolation(error, 'households_village_card_key')) return new DomainError('conflict', `Card ${cardNo} already belongs to another household of this village`);
  return null;
}

@Injectable()
export class HouseholdsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerPort,
    private readonly audit: AuditService,
    private readonly cipher: PiiCipher,
    private readonly repo: ResidentsRepository,
    private readonly searches: PersonalSearchLimiter,
  ) {}

  async create(actor: Actor, dto: CreateHouseholdDto): Promise<HouseholdWithEtag> {
    assertVillageRole(actor, dto.villageId, ['village_admin'], 'Village');
    return this.dataSource.transaction(async (tx) => {
      await assertVillageExists(tx, dto.villageId);
      if (dto.contactUserId) await assertContact(this.repo, tx, dto.villageId, dto.contactUserId);
      const household = await this.insert(tx, actor, {
        villageId: dto.villageId,
        code: dto.code,
        address: dto.address || null,
        cardNo: dto.cardNo || null,
        groupName: dto.group || null,
        contactUserId: dto.contactUserId ?? null,
      });
      return { household: toHouseholdDto(household), etag: etagOf(household.id, household.version) };
    });
  }

  /**
   * Inserts a household and opens its points account in the caller's transaction, so
   * there is never a household without an account (used by the CSV import too).
   */
  async insert(
    tx: EntityManager,
    actor: Actor,
    fields: { villageId: string; code: string; address: string | null; cardNo: string | null; groupName: string | null; contactUserId?: string | null },
    audit = true,
  ): Promise<Household> {
    const household = tx.create(Household, { ...fields, status: 'active', version: 1 });
    try {
      await tx.insert(Household, household);
    } catch (error) {
      throw householdConflict(error, fields.code, fields.cardNo) ?? error;
    }
    const [accountId] = await this.ledger.openAccounts(tx, fields.villageId, [{ kind: 'household', householdId: household.id }]);
    await tx.update(Household, { id: household.id }, { accountId });
    const saved = await tx.findOneByOrFail(Household, { id: household.id });
    if (audit) {
      await this.audit.record(tx, actor, 'household.created', { type: 'household', id: saved.id, villageId: saved.villageId }, null, householdAuditView(saved));
    }
    return saved;
  }

  async get(actor: Actor, id: string): Promise<HouseholdWithEtag> {
    const household = await this.readable(actor, this.dataSource.manager, id);
    return { household: toHouseholdDto(household), etag: etagOf(household.id, household.version) };
  }

  /**
   * Ordered by code (unique in the village): the cursor is the last code. A member's whole
   * ID number or phone as q, from a caller who sees them masked, is limited and audited
   * like the same search of residents.
   */
  async list(actor: Actor, query: ListHouseholdsQueryDto): Promise<Page<HouseholdDto>> {
    const scope = readScope(actor, query.villageId, 'Village');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const page = (rows: Household[]) => pageOf(rows, limit, (h) => [h.code], toHouseholdDto);
    const person = query.q && !seesPersonalData(actor, query.villageId) ? personalSearchOf(query.q) : null;
    if (!person) return page(await this.listQuery(query, scope).getMany());
    return this.searches.run(actor, query.villageId, person, 'households', async (tx) => {
      const rows = await this.listQuery(query, scope, tx).getMany();
      return { result: page(rows), found: Math.min(rows.length, limit) };
    });
  }

  /** The list's query (public so a test and the bench can EXPLAIN exactly what runs). */
  listQuery(query: ListHouseholdsQueryDto, scope: 'all' | string[], manager: EntityManager = this.dataSource.manager): SelectQueryBuilder<Household> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, ['text']);
    const qb = manager.getRepository(Household).createQueryBuilder('h').where('h.village_id = :villageId', { villageId: query.villageId });
    let code = 'h.code';
    if (query.q) {
      const match = this.repo.householdMatch('h', query.q);
      qb.andWhere(match.sql, match.params);
      // See ResidentMatch.indexOrder: find the matches first, then sort them.
      if (!match.indexOrder) code = "(h.code || '')";
    }
    if (scope !== 'all') qb.andWhere('h.id = ANY(:scope)', { scope });
    if (after) qb.andWhere(`${code} > :after`, { after: after[0] });
    if (query.status) qb.andWhere('h.status = :status', { status: query.status });
    if (query.group) qb.andWhere('h.group_name = :group', { group: query.group });
    if (query.contactUserId) qb.andWhere('h.contact_user_id = :contact', { contact: query.contactUserId });
    qb.orderBy(code, 'ASC').limit(limit + 1);
    return qb;
  }

  async update(actor: Actor, id: string, dto: UpdateHouseholdDto, ifMatch: string | undefined): Promise<HouseholdWithEtag> {
    return this.dataSource.transaction(async (tx) => {
      const household = await tx.findOne(Household, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!household) throw notFound('Household');
      assertVillageRole(actor, household.villageId, ['village_admin'], 'Household');
      assertIfMatch(ifMatch, household.id, household.version);
      const before = householdAuditView(household);
      const closing = dto.status === 'closed' && household.status === 'active';
      const reopening = dto.status === 'active' && household.status === 'closed';
      if (dto.force !== undefined && !closing) {
        throw new DomainError('validation_failed', 'force only applies when closing a household', { errors: [{ field: 'force', message: 'only with status closed' }] });
      }
      if (dto.code !== undefined) household.code = dto.code;
      if (dto.address !== undefined) household.address = dto.address || null;
      if (dto.group !== undefined) household.groupName = dto.group || null;
      if (dto.contactUserId !== undefined && dto.contactUserId !== household.contactUserId) {
        if (dto.contactUserId) await assertContact(this.repo, tx, household.villageId, dto.contactUserId);
        household.contactUserId = dto.contactUserId;
      }
      const cardChanged = dto.cardNo !== undefined && (dto.cardNo || null) !== household.cardNo;
      if (dto.cardNo !== undefined) household.cardNo = dto.cardNo || null;

      let closeNote: Record<string, unknown> | null = null;
      if (closing) {
        if (!household.accountId) throw new DomainError('invalid_state', 'The household has no points account');
        // Freeze first: the UPDATE locks the account row, so no posting can slip in between
        // the balance read below and the commit; a refusal rolls the freeze back.
        await this.ledger.setStatus(tx, household.accountId, 'frozen');
        const balance = await this.balanceOf(tx, household.accountId);
        if (balance !== 0 && !dto.force) {
          throw new DomainError('invalid_state', `The household still holds ${balance} points: close it with force and a reason, or move the points first`, {
            balance,
          });
        }
        if (balance !== 0 && !dto.reason) {
          throw new DomainError('validation_failed', 'Closing a household that holds points needs a reason', { errors: [{ field: 'reason', message: 'reason is required with force' }] });
        }
        household.status = 'closed';
        household.closedAt = new Date();
        closeNote = { balance, force: dto.force === true, reason: dto.reason ?? null };
      } else if (reopening) {
        if (household.accountId) await this.ledger.setStatus(tx, household.accountId, 'active');
        household.status = 'active';
        household.closedAt = null;
      }
      household.version += 1;
      try {
        await tx.save(household);
      } catch (error) {
        throw householdConflict(error, household.code, household.cardNo) ?? error;
      }
      const saved = await tx.findOneByOrFail(Household, { id });
      // One event per change, named for what matters most in it; before/after carry the rest.
      const action = closeNote
        ? 'household.closed'
        : reopening
          ? 'household.reopened'
          : cardChanged
            ? saved.cardNo
              ? 'household.card_reissued'
              : 'household.card_revoked'
            : 'household.updated';
      await this.audit.record(tx, actor, action, { type: 'household', id, villageId: saved.villageId }, before, { ...householdAuditView(saved), ...closeNote });
      return { household: toHouseholdDto(saved), etag: etagOf(saved.id, saved.version) };
    });
  }

  private async balanceOf(manager: EntityManager, accountId: string, asOf?: Date): Promise<number> {
    return (await this.ledger.balances(manager, [accountId], asOf)).get(accountId) ?? 0;
  }

  /** The clerk's counter screen in one round trip: household, members (masked), balance. */
  async lookup(actor: Actor, query: HouseholdLookupQueryDto): Promise<HouseholdLookupDto> {
    assertVillageRole(actor, query.villageId, ['clerk', 'village_admin'], 'Card');
    const manager = this.dataSource.manager;
    const household = await manager.findOneBy(Household, { villageId: query.villageId, cardNo: query.cardNo });
    if (!household) throw new DomainError('not_found', 'No household has this card (it may have been replaced)');
    const [members, balance] = await Promise.all([
      this.repo
        .orderResidents(manager.getRepository(Resident).createQueryBuilder('r').where('r.household_id = :id', { id: household.id }), 'r', null)
        .andWhere(`r.status = 'active'`)
        .limit(200)
        .getMany(),
      household.accountId ? this.balanceOf(manager, household.accountId) : Promise.resolve(0),
    ]);
    return {
      household: toHouseholdDto(household),
      members: members.map((m) => toResidentDto(m, this.cipher, false)),
      balance,
    };
  }

  async balance(actor: Actor, id: string, query: HouseholdBalanceQueryDto): Promise<HouseholdBalanceDto> {
    const manager = this.dataSource.manager;
    const household = await this.readable(actor, manager, id);
    if (!household.accountId) throw new DomainError('invalid_state', 'The household has no points account');
    const asOf = query.asOf ? new Date(query.asOf) : new Date();
    const balance = await this.balanceOf(manager, household.accountId, query.asOf ? asOf : undefined);
    return { householdId: household.id, accountId: household.accountId, balance, asOf: asOf.toISOString() };
  }

  /** The household passbook (积分存折): its ledger entries, newest first, keyset-paginated. */
  async statement(actor: Actor, id: string, query: StatementQueryDto): Promise<Page<PassbookLineDto>> {
    const manager = this.dataSource.manager;
    const household = await this.readable(actor, manager, id);
    if (!household.accountId) throw new DomainError('invalid_state', 'The household has no points account');
    return this.ledger.statement(manager, household.accountId, query);
  }

  /** The whole passbook in a time range (for CSV export), page by page, at most `max` lines. */
  async fullStatement(actor: Actor, id: string, query: StatementQueryDto, max = 50_000): Promise<{ code: string; lines: PassbookLineDto[] }> {
    const household = await this.readable(actor, this.dataSource.manager, id);
    const lines: PassbookLineDto[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.statement(actor, id, { ...query, limit: 200, cursor });
      lines.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && lines.length < max);
    return { code: household.code, lines };
  }

  /**
   * A household the actor may read; 404 otherwise, also for a resident asking about another
   * household of their village: the same answer as for one that does not exist, so a
   * resident cannot tell which household ids are real.
   */
  async readable(actor: Actor, manager: EntityManager, id: string): Promise<Household> {
    const household = await manager.findOneBy(Household, { id });
    if (!household || !canRead(readScope(actor, household.villageId, 'Household'), household.id)) throw notFound('Household');
    return household;
  }

}
