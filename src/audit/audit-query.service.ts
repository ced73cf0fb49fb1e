import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, assertVillageRole, isAdmin } from '../auth/actor';
import { DomainError } from '../common/errors';
import { DEFAULT_LIMIT, Page, decodeCursor, pageOf } from '../common/pagination';
import { verifyChain } from './audit-chain';
import { AuditSealer } from './audit-sealer.service';
import { AuditRepository } from './audit.repository';
import { GLOBAL_CHAIN } from './audit.types';
import { AuditDigestDto, AuditEventDto, AuditVerifyDto, ListAuditEventsQueryDto } from './dto/audit.dto';
import { AuditEvent } from './audit-event.entity';

function toAuditEventDto(e: AuditEvent): AuditEventDto {
  return {
    id: e.id,
    occurredAt: e.occurredAt.toISOString(),
    actor: { kind: e.actorKind, id: e.actorId, name: e.actorName, roles: e.actorRoles },
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    villageId: e.villageId,
    requestId: e.requestId,
    ip: e.ip,
    before: e.before,
    after: e.after,
    seq: e.chainSeq,
    hash: e.hash,
  };
}

/** Every chain (admin), or one village's (its auditor). Runs outside the Nest container too (CLI, restore, ledger verifier). */
export async function verifyAllChains(manager: EntityManager, villageId?: string): Promise<AuditVerifyDto> {
  const chains = villageId ? [villageId] : await new AuditRepository().chainIds(manager);
  const result: AuditVerifyDto = { ok: true, checked: 0, firstBrokenId: null, problems: [] };
  for (const chain of chains) {
    const v = await verifyChain(manager, chain);
    result.checked += v.checked;
    if (!v.ok) {
      result.ok = false;
      result.firstBrokenId ??= v.firstBrokenId;
      result.problems.push(`chain ${chain === GLOBAL_CHAIN ? 'global' : chain}: ${v.problem}`);
    }
  }
  return result;
}

@Injectable()
export class AuditQueryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sealer: AuditSealer,
    private readonly repo: AuditRepository,
  ) {}

  private scope(actor: Actor, villageId: string | undefined): void {
    if (villageId) assertVillageRole(actor, villageId, ['auditor', 'township_officer'], 'Village');
    else if (!isAdmin(actor)) throw new DomainError('validation_failed', 'villageId is required', { errors: [{ field: 'villageId', message: 'required unless admin' }] });
  }

  /** Newest first; keyset on id. */
  async list(actor: Actor, query: ListAuditEventsQueryDto): Promise<Page<AuditEventDto>> {
    this.scope(actor, query.villageId);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const before = decodeCursor(query.cursor, ['bigint']);
    const qb = this.dataSource.getRepository(AuditEvent).createQueryBuilder('e').orderBy('e.id', 'DESC').limit(limit + 1);
    if (before) qb.andWhere('e.id < :before', { before: before[0] });
    if (query.villageId) qb.andWhere('e.village_id = :villageId', { villageId: query.villageId });
    if (query.entityType) qb.andWhere('e.entity_type = :entityType', { entityType: query.entityType });
    if (query.entityId) qb.andWhere('e.entity_id = :entityId', { entityId: query.entityId });
    if (query.actorId) qb.andWhere('e.actor_id = :actorId', { actorId: query.actorId });
    if (query.action) qb.andWhere('e.action = :action', { action: query.action });
    if (query.from) qb.andWhere('e.occurred_at >= :from', { from: new Date(query.from) });
    if (query.to) qb.andWhere('e.occurred_at < :to', { to: new Date(query.to) });
    const rows = await qb.getMany();
    return pageOf(rows, limit, (e) => [e.id], toAuditEventDto);
  }

  async verify(actor: Actor, villageId: string | undefined): Promise<AuditVerifyDto> {
    this.scope(actor, villageId);
    await this.sealer.sealPending();
    return verifyAllChains(this.dataSource.manager, villageId);
  }

  async digest(actor: Actor, villageId: string | undefined): Promise<AuditDigestDto> {
    this.scope(actor, villageId);
    await this.sealer.sealPending();
    const head = await this.repo.chainHead(this.dataSource.manager, villageId ?? GLOBAL_CHAIN);
    return { villageId: villageId ?? null, seq: head?.seq ?? '0', hash: head?.hash ?? '0'.repeat(64), sealedAt: head?.sealed_at ? new Date(head.sealed_at).toISOString() : null };
  }
}
