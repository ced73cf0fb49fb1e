import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor } from '../core/identity/actor';
import { Clock } from '../core/time/clock';
import { DEFAULT_LIMIT, Page, PageQueryDto, decodeCursor, pageOf } from '../core/http/pagination';
import { ContactHouseholdDto } from './dto/my-households.dto';

interface Row {
  id: string;
  village_id: string;
  code: string;
  group_name: string | null;
  status: ContactHouseholdDto['status'];
  balance: string;
  month: string;
  month_points: string;
}

/**
 * 党员包户: the households a user looks after. Only in villages where the user still holds a
 * role: a contact who left the village staff stops seeing them before anyone reassigns them.
 */
@Injectable()
export class MyHouseholdsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Ordered by code, then id (codes are unique per village only). */
  async list(actor: Actor, query: PageQueryDto): Promise<Page<ContactHouseholdDto>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, ['text', 'uuid']);
    if (actor.kind !== 'user' || !actor.id) return { items: [], nextCursor: null };
    const rows: Row[] = await this.dataSource.query(
      `WITH mine AS (
         SELECT h.*, date_trunc('month', $2::timestamptz AT TIME ZONE coalesce(v.settings->>'timezone', 'Asia/Shanghai'))::date AS month
         FROM households h JOIN villages v ON v.id = h.village_id
         WHERE h.contact_user_id = $1
           AND EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = $1 AND g.village_id = h.village_id)
           AND ($3::text IS NULL OR (h.code, h.id) > ($3::text, $4::uuid))
         ORDER BY h.code, h.id LIMIT $5)
       SELECT m.id, m.village_id, m.code, m.group_name, m.status, coalesce(a.balance, 0)::bigint AS balance, to_char(m.month, 'YYYY-MM') AS month,
              coalesce((SELECT sum(e.points) FROM household_earned_monthly e WHERE e.account_id = m.account_id AND e.month = m.month), 0)::bigint AS month_points
       FROM mine m LEFT JOIN points_household_accounts a ON a.id = m.account_id
       ORDER BY m.code, m.id`,
      [actor.id, this.clock.now(), after ? after[0] : null, after ? after[1] : null, limit + 1],
    );
    return pageOf(rows, limit, (r) => [r.code, r.id], (r) => ({
      id: r.id,
      villageId: r.village_id,
      code: r.code,
      group: r.group_name,
      status: r.status,
      balance: Number(r.balance),
      month: r.month,
      monthPoints: Number(r.month_points),
    }));
  }
}
