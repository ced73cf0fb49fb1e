import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, isAdmin } from '../core/identity/actor';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../core/errors/errors';
import { DEFAULT_LIMIT, Page, decodeCursor, encodeCursor } from '../core/http/pagination';
import { DuplicateIdNumberDto, DuplicatesQueryDto } from './dto/resident.dto';
import { ResidentStatus } from './entities/resident.entity';
import { PiiCipher } from './pii';

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
  ) {}

  async list(actor: Actor, query: DuplicatesQueryDto): Promise<Page<DuplicateIdNumberDto>> {
    if (!isAdmin(actor)) throw new DomainError('forbidden', 'The duplicate report is for admin only');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, ['hex']);
    return this.dataSource.transaction(async (tx) => {
      // The hashes come off residents_id_hash_idx in order, grouped as they stream: the page
      // stops after limit + 1 duplicated numbers without reading the rest of the table.
      const rows: { id_hash: Buffer; id_enc: Buffer; id: string; village_id: string; household_id: string; name: string; status: ResidentStatus }[] = await tx.query(
        `WITH dup AS (
           SELECT id_hash FROM residents
            WHERE id_hash IS NOT NULL AND ($1::bytea IS NULL OR id_hash > $1::bytea)
            GROUP BY id_hash HAVING count(DISTINCT village_id) > 1
            ORDER BY id_hash LIMIT $2)
         SELECT r.id_hash, r.id_enc, r.id, r.village_id, r.household_id, r.name, r.status
           FROM dup JOIN residents r ON r.id_hash = dup.id_hash
          ORDER BY r.id_hash, r.village_id, r.id`,
        [after ? Buffer.from(after[0] as string, 'hex') : null, limit + 1],
      );
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
