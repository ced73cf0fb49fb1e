import { Injectable } from '@nestjs/common';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { checkIdNumber, normalizePhone } from './id-number';
import { PiiCipher } from './pii';

/** Escapes LIKE wildcards in user input (the default escape character is a backslash). */
export function likeEscape(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export interface ResidentMatch {
  sql: string;
  params: Record<string, unknown>;
}

/**
 * How `q=` finds residents, each branch served by an index (no sequential scan):
 * - a full ID number or mobile number: its keyed hash (residents_id_hash_key, residents_village_phone_idx);
 * - a name fragment of 3+ characters: substring through the trigram index (residents_name_trgm_idx);
 * - 2 characters: prefix or suffix (for a 3-character Chinese name that is every 2-character
 *   fragment: 张小明 → 张小, 小明), through the b-tree (prefix, C collation) and trigrams (suffix);
 * - 1 character: prefix (the surname) through the b-tree (village_id, name).
 * A trigram index cannot answer a 1-2 character substring anywhere in the name, hence the narrowing.
 */
export function residentMatch(alias: string, q: string, cipher: PiiCipher, householdAlias: string | null): ResidentMatch {
  const id = checkIdNumber(q);
  if (id.ok) return { sql: `${alias}.id_hash = :qIdHash`, params: { qIdHash: cipher.hash('id_number', id.value) } };
  const phone = /^[\d\s+-]+$/.test(q) ? normalizePhone(q) : null;
  if (phone) return { sql: `${alias}.phone_hash = :qPhoneHash`, params: { qPhoneHash: cipher.hash('phone', phone) } };
  const fragment = likeEscape(q);
  const length = [...q].length;
  const byName =
    length >= 3
      ? `${alias}.name LIKE :qContains`
      : length === 2
        ? `(${alias}.name LIKE :qPrefix OR ${alias}.name LIKE :qSuffix)`
        : `${alias}.name LIKE :qPrefix`;
  const byCode = householdAlias
    ? ` OR ${alias}.household_id IN (SELECT hq.id FROM households hq WHERE hq.village_id = ${alias}.village_id AND hq.code LIKE :qPrefix)`
    : '';
  return {
    sql: `(${byName}${byCode})`,
    params: { qContains: `%${fragment}%`, qPrefix: `${fragment}%`, qSuffix: `%${fragment}` },
  };
}

/** Query helpers shared by the households and residents services. */
@Injectable()
export class ResidentsRepository {
  constructor(private readonly cipher: PiiCipher) {}

  /** Keyset order of residents: name (code-point order), then id. */
  orderResidents<T extends object>(qb: SelectQueryBuilder<T>, alias: string, after: (string | number)[] | null): SelectQueryBuilder<T> {
    if (after) qb.andWhere(`(${alias}.name, ${alias}.id) > (:afterName, :afterId)`, { afterName: after[0], afterId: after[1] });
    return qb.orderBy(`${alias}.name`, 'ASC').addOrderBy(`${alias}.id`, 'ASC');
  }

  residentMatch(alias: string, q: string, withHouseholdCode: boolean): ResidentMatch {
    return residentMatch(alias, q, this.cipher, withHouseholdCode ? 'h' : null);
  }

  /** Households whose code starts with q, whose card is q, or with a member matching q. */
  householdMatch(alias: string, q: string): ResidentMatch {
    const member = residentMatch('rq', q, this.cipher, null);
    return {
      sql: `(${alias}.code LIKE :qPrefix OR ${alias}.card_no = :qExact OR ${alias}.id IN (SELECT rq.household_id FROM residents rq WHERE rq.village_id = ${alias}.village_id AND ${member.sql}))`,
      params: { ...member.params, qPrefix: `${likeEscape(q)}%`, qExact: q },
    };
  }

  async activeHeadOf(tx: EntityManager, householdId: string): Promise<string | null> {
    const rows: { id: string }[] = await tx.query(`SELECT id FROM residents WHERE household_id = $1 AND is_head AND status = 'active'`, [householdId]);
    return rows[0]?.id ?? null;
  }
}
