import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, assertVillageRole } from '../auth/actor';
import { Role } from '../auth/roles';
import { DomainError, notFound } from '../common/errors';
import { DEFAULT_LIMIT, Page, decodeCursor, pageOf } from '../common/pagination';
import { WithEtag, assertIfMatch, etagOf } from '../common/etag';
import { Village } from '../villages/village.entity';
import { CreatePanelDto, ListPanelsQueryDto, PanelDto, PanelMemberDto, UpdatePanelDto } from './dto/panel.dto';
import { Panel, PanelMember } from './panel.entity';
import { PanelsRepository } from './panels.repository';

export const PANEL_READERS: Role[] = ['village_admin', 'panel_member', 'auditor'];

@Injectable()
export class PanelsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly repo: PanelsRepository,
  ) {}

  async create(actor: Actor, dto: CreatePanelDto): Promise<WithEtag<PanelDto>> {
    assertVillageRole(actor, dto.villageId, ['village_admin'], 'Village');
    return this.dataSource.transaction(async (tx) => {
      const village = await tx.findOneBy(Village, { id: dto.villageId });
      if (!village) throw notFound('Village');
      const quorum = dto.quorum ?? village.settings.quorum;
      await this.checkMembers(tx, dto.villageId, dto.members, quorum, dto.quorum === undefined);
      const panel = tx.create(Panel, { villageId: dto.villageId, name: dto.name.trim(), quorum, decision: dto.decision ?? 'majority' });
      await tx.insert(Panel, panel);
      await this.insertMembers(tx, panel.id, dto.villageId, dto.members);
      const body = await this.view(tx, panel.id);
      await this.audit.record(tx, actor, 'panel.created', { type: 'panel', id: panel.id, villageId: dto.villageId }, null, body);
      return { body, etag: etagOf(panel.id, 1) };
    });
  }

  async update(actor: Actor, id: string, dto: UpdatePanelDto, ifMatch: string | undefined): Promise<WithEtag<PanelDto>> {
    return this.dataSource.transaction(async (tx) => {
      const panel = await tx.getRepository(Panel).createQueryBuilder('p').where('p.id = :id', { id }).setLock('pessimistic_write').getOne();
      if (!panel) throw notFound('Panel');
      assertVillageRole(actor, panel.villageId, ['village_admin'], 'Panel');
      assertIfMatch(ifMatch, panel.id, panel.version);
      const before = await this.view(tx, id);
      const members = dto.members ?? before.members.map((m) => ({ userId: m.userId, seat: m.seat }));
      const quorum = dto.quorum ?? panel.quorum;
      await this.checkMembers(tx, panel.villageId, members, quorum, false);
      if (dto.members) {
        await tx.delete(PanelMember, { panelId: id });
        await this.insertMembers(tx, id, panel.villageId, dto.members);
      }
      await tx.update(Panel, { id }, { name: dto.name?.trim() ?? panel.name, quorum, decision: dto.decision ?? panel.decision, version: panel.version + 1 });
      const body = await this.view(tx, id);
      await this.audit.record(tx, actor, 'panel.updated', { type: 'panel', id, villageId: panel.villageId }, before, body);
      return { body, etag: etagOf(id, panel.version + 1) };
    });
  }

  async get(actor: Actor, id: string): Promise<WithEtag<PanelDto>> {
    const panel = await this.dataSource.getRepository(Panel).findOneBy({ id });
    if (!panel) throw notFound('Panel');
    assertVillageRole(actor, panel.villageId, PANEL_READERS, 'Panel');
    return { body: await this.view(this.dataSource.manager, id), etag: etagOf(id, panel.version) };
  }

  async list(actor: Actor, query: ListPanelsQueryDto): Promise<Page<PanelDto>> {
    assertVillageRole(actor, query.villageId, PANEL_READERS, 'Village');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, ['text', 'text']);
    const rows = await this.repo.pageIds(this.dataSource.manager, query.villageId, after ? { name: String(after[0]), id: String(after[1]) } : null, limit + 1);
    const page = pageOf(rows, limit, (r) => [r.name, r.id], (r) => r.id);
    const items = await Promise.all(page.items.map((panelId) => this.view(this.dataSource.manager, panelId)));
    return { items, nextCursor: page.nextCursor };
  }

  /**
   * Members must be distinct users holding panel_member in the village (admin counts in
   * every village, as everywhere in Jifen), and the quorum cannot exceed their number.
   */
  private async checkMembers(tx: EntityManager, villageId: string, members: PanelMemberDto[], quorum: number, defaulted: boolean): Promise<void> {
    const ids = members.map((m) => m.userId);
    if (new Set(ids).size !== ids.length) {
      throw new DomainError('validation_failed', 'A user sits on a panel once', { errors: [{ field: 'members', message: 'duplicate userId' }] });
    }
    const eligible = await this.repo.eligibleMembers(tx, villageId, ids);
    const errors = members
      .map((m, i) => ({ m, i }))
      .filter(({ m }) => !eligible.has(m.userId))
      .map(({ i }) => ({ field: `members.${i}.userId`, message: 'not an active user holding panel_member in this village' }));
    if (errors.length) throw new DomainError('validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
    if (quorum > members.length) {
      const why = defaulted ? `the village's quorum setting (${quorum})` : `the quorum (${quorum})`;
      throw new DomainError('validation_failed', `${why} exceeds the number of members (${members.length})`, {
        errors: [{ field: 'quorum', message: 'must not exceed the number of members' }],
      });
    }
  }

  private async insertMembers(tx: EntityManager, panelId: string, villageId: string, members: PanelMemberDto[]): Promise<void> {
    await tx.insert(
      PanelMember,
      members.map((m) => ({ panelId, userId: m.userId, seat: m.seat, villageId })),
    );
  }

  async view(manager: EntityManager, id: string): Promise<PanelDto> {
    const panel = await manager.findOneByOrFail(Panel, { id });
    const members = await this.repo.members(manager, id);
    return {
      id: panel.id,
      villageId: panel.villageId,
      name: panel.name,
      quorum: panel.quorum,
      decision: panel.decision,
      members: members.map((m) => ({ userId: m.user_id, seat: m.seat, displayName: m.display_name })),
      createdAt: panel.createdAt.toISOString(),
      updatedAt: panel.updatedAt.toISOString(),
    };
  }
}
