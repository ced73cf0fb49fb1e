import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, isAdmin } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/errors';
import { DEFAULT_LIMIT, Page, decodeCursor, encodeCursor } from '../common/pagination';
import { DuplicateIdNumberDto, DuplicatesQueryDto } from './dto/resident.dto';
import { PiiCipher } from './pii';
import { ResidentsRepository } from './residents.repository';

/**
 * ID numbers registered in more than one village (a person who moved and was never taken
 * off the old roster, or a typo that hit someone else's number). Uniqueness is per village,
 * so that no village admin learns what another village holds; only the deployment's admin
 * sees this report, and every reading of it is audited. Keyset order: the number's keyed hash.
 */
@Injectable()
export class ResidentDuplicatesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly cipher: PiiCipher,
    private readonly repo: ResidentsRepository,
  ) {}

  async list(actor: Actor, query: DuplicatesQueryDto): Promise<Page<DuplicateIdNumberDto>> {
    if (!isAdmin(actor)) throw new DomainError('forbidden', 'The duplicate report is for admin only');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, ['hex']);
    return this.dataSource.transaction(async (tx) => {
      const rows = await this.repo.duplicateIdNumbers(tx, after ? Buffer.from(after[0] as string, 'hex') : null, limit + 1);
      const groups = new Map<string, typeof rows>();
      for (const r of rows) {
        const key = r.id_hash.toString('hex');
        groups.set(key, [...(groups.get(key) ?? []), r]);
      }
      const keys = [...groups.keys()];
      const pageKeys = keys.slice(0, limit);
      const items = pageKeys.map((key) => {
        const members = groups.get(key)!;
        return {
          idNumber: this.cipher.decrypt('id_number', members[0].id_enc),
          villages: new Set(members.map((m) => m.village_id)).size,
          residents: members.map((m) => ({ id: m.id, villageId: m.village_id, householdId: m.household_id, name: m.name, status: m.status })),
        };
      });
      await this.audit.record(tx, actor, 'residents.duplicates_listed', { type: 'resident_duplicates', id: null, villageId: null }, null, { count: items.length, cursor: query.cursor ?? null });
      return { items, nextCursor: keys.length > limit ? encodeCursor([pageKeys[pageKeys.length - 1]]) : null };
    });
  }
}
