import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { DEFAULT_LIMIT, Page, PageQueryDto, decodeCursor, pageOf } from '../common/pagination';
import { ContactHouseholdDto } from './dto/my-households.dto';
import { ResidentsRepository } from './residents.repository';

/**
 * 党员包户: the households a user looks after. Only in villages where the user still holds a
 * role: a contact who left the village staff stops seeing them before anyone reassigns them.
 */
@Injectable()
export class MyHouseholdsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly repo: ResidentsRepository,
  ) {}

  /** Ordered by code, then id (codes are unique per village only). */
  async list(actor: Actor, query: PageQueryDto): Promise<Page<ContactHouseholdDto>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, ['text', 'uuid']);
    if (actor.kind !== 'user' || !actor.id) return { items: [], nextCursor: null };
    const rows = await this.repo.contactHouseholds(this.dataSource.manager, actor.id, this.clock.now(), after ? { code: String(after[0]), id: String(after[1]) } : null, limit + 1);
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
