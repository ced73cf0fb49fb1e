import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PanelMemberDto } from './dto/panel.dto';
import { Panel } from './panel.entity';

export interface PanelMemberRow {
  user_id: string;
  seat: PanelMemberDto['seat'];
  display_name: string;
}

/** The SQL of panels that is more than a one-line entity call. */
@Injectable()
export class PanelsRepository {
  /** The panel, share-locked: a PATCH of its membership (which locks it for update) waits until the caller's transaction ends. */
  async shareLock(tx: EntityManager, id: string): Promise<Panel | null> {
    return tx.getRepository(Panel).createQueryBuilder('p').where('p.id = :id', { id }).setLock('pessimistic_read').getOne();
  }

  /** A page of the village's panels by name, then id (keyset: after the given name and id). */
  async pageIds(manager: EntityManager, villageId: string, after: { name: string; id: string } | null, limit: number): Promise<{ id: string; name: string }[]> {
    return manager.query(
      `SELECT id, name FROM panels WHERE village_id = $1 AND ($2::text IS NULL OR (name, id::text) > ($2, $3)) ORDER BY name, id::text LIMIT $4`,
      [villageId, after?.name ?? null, after?.id ?? null, limit],
    );
  }

  /** Of these users, the active ones holding panel_member in the village, or admin. */
  async eligibleMembers(manager: EntityManager, villageId: string, userIds: string[]): Promise<Set<string>> {
    const rows: { user_id: string }[] = await manager.query(
      `SELECT DISTINCT g.user_id FROM role_grants g JOIN users u ON u.id = g.user_id
        WHERE g.user_id = ANY($1::uuid[]) AND u.status = 'active'
          AND ((g.role = 'panel_member' AND g.village_id = $2) OR g.role = 'admin')`,
      [userIds, villageId],
    );
    return new Set(rows.map((r) => r.user_id));
  }

  /** The panel's members with their names, by seat, then name. */
  async members(manager: EntityManager, panelId: string): Promise<PanelMemberRow[]> {
    return manager.query(
      `SELECT m.user_id, m.seat, u.display_name FROM panel_members m JOIN users u ON u.id = m.user_id WHERE m.panel_id = $1 ORDER BY m.seat, u.display_name, m.user_id`,
      [panelId],
    );
  }
}
