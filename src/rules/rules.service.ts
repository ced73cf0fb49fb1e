import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, assertVillageRole } from '../auth/actor';
import { ROLES } from '../auth/roles';
import { Clock } from '../common/clock';
import { isUniqueViolation } from '../common/db-errors';
import { WithEtag, assertIfMatch, etagOf } from '../common/etag';
import { DomainError, FieldError, notFound } from '../common/errors';
import { DEFAULT_LIMIT, Page, decodeCursor, pageOf } from '../common/pagination';
import { CreateRuleDto, ListRulesQueryDto, RuleDto, UpdateRuleDto } from './dto/rule.dto';
import { Rule } from './rule.entity';
import { RulesRepository } from './rules.repository';
import { assertVillageExists } from '../villages/village-lookup';

export function toRuleDto(rule: Rule): RuleDto {
  return {
    id: rule.id,
    villageId: rule.villageId,
    code: rule.code,
    category: rule.category,
    title: rule.title,
    description: rule.description,
    points: rule.points,
    minPoints: rule.minPoints,
    maxPoints: rule.maxPoints,
    capPerPeriod: rule.capPerPeriod,
    period: rule.period,
    evidenceRequired: rule.evidenceRequired,
    status: rule.status,
    retiredAt: rule.retiredAt ? rule.retiredAt.toISOString() : null,
    createdAt: rule.createdAt.toISOString(),
    updatedAt: rule.updatedAt.toISOString(),
  };
}

type PointsShape = Pick<Rule, 'points' | 'minPoints' | 'maxPoints' | 'capPerPeriod' | 'period'>;

/** Fixed points xor a min..max range, non-zero; a cap comes with its period. */
function validatePoints(shape: PointsShape): void {
  const errors: FieldError[] = [];
  const fixed = shape.points !== null;
  const ranged = shape.minPoints !== null || shape.maxPoints !== null;
  if (fixed === ranged) errors.push({ field: 'points', message: 'give either points, or minPoints and maxPoints' });
  if (fixed && shape.points === 0) errors.push({ field: 'points', message: 'points must not be 0' });
  if (ranged && (shape.minPoints === null || shape.maxPoints === null)) errors.push({ field: 'maxPoints', message: 'a range needs both minPoints and maxPoints' });
  if (ranged && shape.minPoints !== null && shape.maxPoints !== null) {
    if (shape.minPoints > shape.maxPoints) errors.push({ field: 'minPoints', message: 'minPoints must not exceed maxPoints' });
    // A range is all awards or all deductions: the sign decides the ledger direction.
    if (shape.minPoints < 0 !== shape.maxPoints < 0 || shape.minPoints === 0 || shape.maxPoints === 0) {
      errors.push({ field: 'minPoints', message: 'a range must be all positive (awards) or all negative (deductions)' });
    }
  }
  if ((shape.capPerPeriod === null) !== (shape.period === null)) errors.push({ field: 'period', message: 'capPerPeriod and period go together' });
  if (errors.length) throw new DomainError('validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
}

const POINTS_FIELDS = ['points', 'minPoints', 'maxPoints', 'capPerPeriod', 'period', 'evidenceRequired'] as const;

@Injectable()
export class RulesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly repo: RulesRepository,
  ) {}

  async create(actor: Actor, dto: CreateRuleDto): Promise<WithEtag<RuleDto>> {
    assertVillageRole(actor, dto.villageId, ['village_admin'], 'Village');
    const shape: PointsShape = {
      points: dto.points ?? null,
      minPoints: dto.minPoints ?? null,
      maxPoints: dto.maxPoints ?? null,
      capPerPeriod: dto.capPerPeriod ?? null,
      period: dto.period ?? null,
    };
    validatePoints(shape);
    return this.dataSource.transaction(async (tx) => {
      await assertVillageExists(tx, dto.villageId);
      const rule = tx.create(Rule, {
        villageId: dto.villageId,
        code: dto.code,
        category: dto.category.trim(),
        title: dto.title.trim(),
        description: dto.description?.trim() || null,
        ...shape,
        evidenceRequired: dto.evidenceRequired ?? false,
      });
      try {
        await tx.insert(Rule, rule);
      } catch (error) {
        if (isUniqueViolation(error, 'rules_village_code_active_key')) {
          throw new DomainError('conflict', `The village already has an active rule ${dto.code}; retire it first or choose another code`);
        }
        throw error;
      }
      const saved = await tx.findOneByOrFail(Rule, { id: rule.id });
      const body = toRuleDto(saved);
      await this.audit.record(tx, actor, 'rule.created', { type: 'rule', id: saved.id, villageId: saved.villageId }, null, body);
      return { body, etag: etagOf(saved.id, saved.version) };
    });
  }

  async get(actor: Actor, id: string): Promise<WithEtag<RuleDto>> {
    const rule = await this.dataSource.getRepository(Rule).findOneBy({ id });
    if (!rule) throw notFound('Rule');
    assertVillageRole(actor, rule.villageId, ROLES, 'Rule');
    return { body: toRuleDto(rule), etag: etagOf(rule.id, rule.version) };
  }

  async list(actor: Actor, query: ListRulesQueryDto): Promise<Page<RuleDto>> {
    assertVillageRole(actor, query.villageId, ROLES, 'Village');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, ['text', 'uuid']);
    const qb = this.dataSource
      .getRepository(Rule)
      .createQueryBuilder('r')
      .where('r.village_id = :villageId', { villageId: query.villageId })
      .orderBy('r.code', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .limit(limit + 1);
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.category) qb.andWhere('r.category = :category', { category: query.category });
    if (after) qb.andWhere('(r.code, r.id) > (:code, :id)', { code: after[0], id: after[1] });
    const rows = await qb.getMany();
    return pageOf(rows, limit, (r) => [r.code, r.id], toRuleDto);
  }

  async update(actor: Actor, id: string, dto: UpdateRuleDto, ifMatch: string | undefined): Promise<WithEtag<RuleDto>> {
    return this.dataSource.transaction(async (tx) => {
      const rule = await this.lock(tx, actor, id);
      assertIfMatch(ifMatch, rule.id, rule.version);
      const before = toRuleDto(rule);
      const touchesPoints = POINTS_FIELDS.some((f) => dto[f] !== undefined && dto[f] !== rule[f]);
      if (touchesPoints) {
        if (rule.status !== 'active') throw new DomainError('invalid_state', 'A retired rule cannot change');
        // Items lock the rule FOR KEY SHARE when they are added, so this count cannot miss one.
        const used = await this.repo.scoreItemsUsing(tx, rule.id);
        if (used > 0) {
          throw new DomainError('invalid_state', `${used} score items use this rule: its points, cap and evidence requirement never change; retire it and create a new rule`);
        }
        const shape: PointsShape = {
          points: dto.points !== undefined ? dto.points : dto.minPoints !== undefined || dto.maxPoints !== undefined ? null : rule.points,
          minPoints: dto.minPoints !== undefined ? dto.minPoints : dto.points !== undefined ? null : rule.minPoints,
          maxPoints: dto.maxPoints !== undefined ? dto.maxPoints : dto.points !== undefined ? null : rule.maxPoints,
          capPerPeriod: dto.capPerPeriod !== undefined ? dto.capPerPeriod : rule.capPerPeriod,
          period: dto.period !== undefined ? dto.period : rule.period,
        };
        validatePoints(shape);
        Object.assign(rule, shape);
        if (dto.evidenceRequired !== undefined) rule.evidenceRequired = dto.evidenceRequired;
      }
      if (dto.category !== undefined) rule.category = dto.category.trim();
      if (dto.title !== undefined) rule.title = dto.title.trim();
      if (dto.description !== undefined) rule.description = dto.description?.trim() || null;
      rule.version += 1;
      await tx.save(Rule, rule);
      const saved = await tx.findOneByOrFail(Rule, { id });
      const body = toRuleDto(saved);
      await this.audit.record(tx, actor, 'rule.updated', { type: 'rule', id, villageId: saved.villageId }, before, body);
      return { body, etag: etagOf(saved.id, saved.version) };
    });
  }

  async retire(actor: Actor, id: string): Promise<WithEtag<RuleDto>> {
    return this.dataSource.transaction(async (tx) => {
      const rule = await this.lock(tx, actor, id);
      if (rule.status === 'retired') throw new DomainError('invalid_state', 'The rule is already retired');
      const before = toRuleDto(rule);
      rule.status = 'retired';
      rule.retiredAt = this.clock.now();
      rule.version += 1;
      await tx.save(Rule, rule);
      const saved = await tx.findOneByOrFail(Rule, { id });
      const body = toRuleDto(saved);
      await this.audit.record(tx, actor, 'rule.retired', { type: 'rule', id, villageId: saved.villageId }, before, body);
      return { body, etag: etagOf(saved.id, saved.version) };
    });
  }

  private async lock(tx: EntityManager, actor: Actor, id: string): Promise<Rule> {
    const rule = await tx.getRepository(Rule).createQueryBuilder('r').where('r.id = :id', { id }).setLock('pessimistic_write').getOne();
    if (!rule) throw notFound('Rule');
    assertVillageRole(actor, rule.villageId, ['village_admin'], 'Rule');
    return rule;
  }
}
