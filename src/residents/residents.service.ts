import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { Actor, assertVillageRole } from '../core/identity/actor';
import { AuditService } from '../audit/audit.service';
import { isUniqueViolation } from '../core/database/db-errors';
import { DomainError, notFound } from '../core/errors/errors';
import { DEFAULT_LIMIT, Page, decodeCursor, pageOf } from '../core/http/pagination';
import { canRead, readScope } from './access';
import { CreateResidentDto, ListResidentsQueryDto, ResidentDto, UpdateResidentDto } from './dto/resident.dto';
import { Household } from './entities/household.entity';
import { ResidentMove } from './entities/resident-move.entity';
import { Resident } from './entities/resident.entity';
import { PiiCipher } from './pii';
import { PersonalFields, checkPersonalFields } from './resident-fields';
import { PersonalSearchLimiter } from './personal-search.limiter';
import { ResidentsRepository, personalSearchOf } from './residents.repository';
import { decryptResident, residentAuditView, seesPersonalData, toResidentDto } from './residents.views';

/** Turns the residents' unique-index violations into contract errors. */
export function residentConflict(error: unknown): DomainError | null {
  if (isUniqueViolation(error, 'residents_village_id_hash_key')) {
    return new DomainError('conflict', 'This ID number already belongs to another resident of this village', { errors: [{ field: 'idNumber', message: 'already registered in this village' }] });
  }
  if (isUniqueViolation(error, 'residents_one_head_key')) {
    return new DomainError('conflict', 'The household already has a head (户主): unset the current head first', { errors: [{ field: 'isHead', message: 'household already has a head' }] });
  }
  return null;
}

@Injectable()
export class ResidentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly cipher: PiiCipher,
    private readonly repo: ResidentsRepository,
    private readonly searches: PersonalSearchLimiter,
  ) {}

  async create(actor: Actor, dto: CreateResidentDto): Promise<ResidentDto> {
    assertVillageRole(actor, dto.villageId, ['village_admin'], 'Village');
    const checked = checkPersonalFields(dto, null);
    if (!checked.ok) throw this.invalid(checked.errors);
    return this.dataSource.transaction(async (tx) => {
      const household = await this.householdOf(tx, dto.householdId, dto.villageId);
      const resident = tx.create(Resident, {
        villageId: dto.villageId,
        householdId: household.id,
        ...this.sealed(checked.value),
        isHead: dto.isHead ?? false,
        relation: dto.relation || null,
        status: 'active',
      });
      if (resident.isHead) await this.assertNoOtherHead(tx, household.id, null);
      try {
        await tx.insert(Resident, resident);
      } catch (error) {
        throw residentConflict(error) ?? error;
      }
      const saved = await tx.findOneByOrFail(Resident, { id: resident.id });
      await this.audit.record(tx, actor, 'resident.created', { type: 'resident', id: saved.id, villageId: saved.villageId }, null, residentAuditView(saved, this.cipher));
      return toResidentDto(saved, this.cipher, seesPersonalData(actor, saved.villageId));
    });
  }

  async get(actor: Actor, id: string): Promise<ResidentDto> {
    const resident = await this.dataSource.manager.findOneBy(Resident, { id });
    // A resident user asking about someone of another household gets what a missing id gets.
    if (!resident || !canRead(readScope(actor, resident.villageId, 'Resident'), resident.householdId)) throw notFound('Resident');
    return toResidentDto(resident, this.cipher, seesPersonalData(actor, resident.villageId));
  }

  /**
   * Ordered by name then id (keyset); see residentMatch for what q finds and which index
   * serves it. A search by a whole ID number or phone from a caller who sees them masked
   * is limited and audited (PersonalSearchLimiter).
   */
  async list(actor: Actor, query: ListResidentsQueryDto): Promise<Page<ResidentDto>> {
    const scope = readScope(actor, query.villageId, 'Village');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const reveal = seesPersonalData(actor, query.villageId);
    const page = (rows: Resident[]) => pageOf(rows, limit, (r) => [r.name, r.id], (r) => toResidentDto(r, this.cipher, reveal));
    const person = query.q && !reveal ? personalSearchOf(query.q) : null;
    if (!person) return page(await this.listQuery(query, scope).getMany());
    return this.searches.run(actor, query.villageId, person, 'residents', async (tx) => {
      const rows = await this.listQuery(query, scope, tx).getMany();
      return { result: page(rows), found: Math.min(rows.length, limit) };
    });
  }

  /** The list's query (public so a test and the bench can EXPLAIN exactly what runs). */
  listQuery(query: ListResidentsQueryDto, scope: 'all' | string[], manager: EntityManager = this.dataSource.manager): SelectQueryBuilder<Resident> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, ['text', 'uuid']);
    const qb = manager.getRepository(Resident).createQueryBuilder('r').where('r.village_id = :villageId', { villageId: query.villageId });
    if (scope !== 'all') qb.andWhere('r.household_id = ANY(:scope)', { scope });
    if (query.householdId) qb.andWhere('r.household_id = :householdId', { householdId: query.householdId });
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    let indexOrder = true;
    if (query.q) {
      const match = this.repo.residentMatch('r', query.q, true);
      qb.andWhere(match.sql, match.params);
      indexOrder = match.indexOrder;
    }
    return this.repo.orderResidents(qb, 'r', after, indexOrder).limit(limit + 1);
  }

  async update(actor: Actor, id: string, dto: UpdateResidentDto): Promise<ResidentDto> {
    return this.dataSource.transaction(async (tx) => {
      const resident = await tx.findOne(Resident, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!resident) throw notFound('Resident');
      assertVillageRole(actor, resident.villageId, ['village_admin'], 'Resident');
      const before = residentAuditView(resident, this.cipher);
      const current: PersonalFields = { name: resident.name, ...decryptResident(resident, this.cipher), gender: resident.gender, birthDate: resident.birthDate };
      const checked = checkPersonalFields(dto, current);
      if (!checked.ok) throw this.invalid(checked.errors);
      Object.assign(resident, this.sealed(checked.value, current, resident));
      if (dto.relation !== undefined) resident.relation = dto.relation || null;
      if (dto.status !== undefined) resident.status = dto.status;

      const fromHousehold = resident.householdId;
      const moving = dto.householdId !== undefined && dto.householdId !== fromHousehold;
      if (moving) {
        const target = await this.householdOf(tx, dto.householdId!, resident.villageId);
        resident.householdId = target.id;
        // The head of one household is not the head of the next unless the request says so.
        if (dto.isHead === undefined) resident.isHead = false;
      }
      if (dto.isHead !== undefined) resident.isHead = dto.isHead;
      if (resident.isHead && resident.status === 'active') await this.assertNoOtherHead(tx, resident.householdId, resident.id);
      try {
        await tx.save(resident);
      } catch (error) {
        throw residentConflict(error) ?? error;
      }
      const saved = await tx.findOneByOrFail(Resident, { id });
      if (moving) {
        await tx.insert(ResidentMove, { villageId: saved.villageId, residentId: id, fromHouseholdId: fromHousehold, toHouseholdId: saved.householdId, movedBy: actor.name });
      }
      await this.audit.record(tx, actor, moving ? 'resident.moved' : 'resident.updated', { type: 'resident', id, villageId: saved.villageId }, before, residentAuditView(saved, this.cipher));
      return toResidentDto(saved, this.cipher, seesPersonalData(actor, saved.villageId));
    });
  }

  /** The resident's households over time, oldest first. */
  async moves(tx: EntityManager, residentId: string): Promise<ResidentMove[]> {
    return tx.find(ResidentMove, { where: { residentId }, order: { movedAt: 'ASC' } });
  }

  /** Encrypted columns for the checked fields; unchanged values keep their ciphertext. */
  sealed(value: PersonalFields, current?: PersonalFields, row?: Resident): Pick<Resident, 'name' | 'idEnc' | 'idHash' | 'phoneEnc' | 'phoneHash' | 'gender' | 'birthDate'> {
    const keepId = current && row && current.idNumber === value.idNumber;
    const keepPhone = current && row && current.phone === value.phone;
    return {
      name: value.name,
      idEnc: keepId ? row.idEnc : value.idNumber ? this.cipher.encrypt('id_number', value.idNumber) : null,
      idHash: keepId ? row.idHash : value.idNumber ? this.cipher.hash('id_number', value.idNumber) : null,
      phoneEnc: keepPhone ? row.phoneEnc : value.phone ? this.cipher.encrypt('phone', value.phone) : null,
      phoneHash: keepPhone ? row.phoneHash : value.phone ? this.cipher.hash('phone', value.phone) : null,
      gender: value.gender,
      birthDate: value.birthDate,
    };
  }

  private invalid(errors: { field: string; message: string }[]): DomainError {
    return new DomainError('validation_failed', errors.map((e) => e.message).join('; '), { errors });
  }

  /** An active household of the village, locked (share) so it cannot close under the new member. */
  private async householdOf(tx: EntityManager, householdId: string, villageId: string): Promise<Household> {
    const household = await tx.findOne(Household, { where: { id: householdId }, lock: { mode: 'pessimistic_read' } });
    if (!household || household.villageId !== villageId) {
      throw new DomainError('validation_failed', 'householdId is not a household of this village', { errors: [{ field: 'householdId', message: 'unknown household' }] });
    }
    if (household.status !== 'active') throw new DomainError('invalid_state', `Household ${household.code} is closed`);
    return household;
  }

  private async assertNoOtherHead(tx: EntityManager, householdId: string, self: string | null): Promise<void> {
    const head = await this.repo.activeHeadOf(tx, householdId);
    if (head && head !== self) throw residentConflict(Object.assign(new Error('head'), { code: '23505', constraint: 'residents_one_head_key' }))!;
  }
}
