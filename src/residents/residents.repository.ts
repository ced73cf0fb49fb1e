import { Injectable } from '@nestjs/common';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { ContactHouseholdDto } from './dto/my-households.dto';
import { ResidentStatus } from './entities/resident.entity';
import { checkIdNumber, normalizePhone } from './id-number';
import { maskIdNumber, maskPhone } from '../common/masking';
import { PiiCipher } from './pii';

/** Escapes LIKE wildcards in user input (the default escape character is a backslash). */
export function likeEscape(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export interface ResidentMatch {
  sql: string;
  params: Record<string, unknown>;
  /**
   * Whether the page should be read in index order. Only for the surname prefix, which the
   * b-tree answers in list order. Every other branch matches few rows, and reading the
   * (village, name) index in order while filtering would scan the whole village when the
   * planner misjudges how many rows match (it cannot estimate LIKE '%…%'), so those pages
   * sort by an expression no index provides: the matches are found first, then sorted.
   */
  indexOrder: boolean;
}

/** A search text that is a whole ID number or mobile number: an exact look-up of a person. */
export interface PersonalSearch {
  kind: 'id_number' | 'phone';
  /** Normalised (upper-case X, no spaces or +86). */
  value: string;
  /** As a masked view shows it, for the audit log. */
  masked: string;
}

export function personalSearchOf(q: string): PersonalSearch | null {
  const id = checkIdNumber(q);
  if (id.ok) return { kind: 'id_number', value: id.value, masked: maskIdNumber(id.value) };
  const phone = /^[\d\s+-]+$/.test(q) ? normalizePhone(q) : null;
  if (phone) return { kind: 'phone', value: phone, masked: maskPhone(phone) };
  return null;
}

/** Household codes and card numbers hold digits or are plain ASCII; Chinese names never do. */
export function looksLikeCode(q: string): boolean {
  return /\d/.test(q) || /^[\x20-\x7e]+$/.test(q);
}

/**
 * How `q=` finds residents, each branch served by an index (no sequential scan), and each a
 * single sargable condition, so the planner never falls back to filtering the whole village:
 * - a full ID number or mobile number: its keyed hash (residents_village_id_hash_key, residents_village_phone_idx);
 * - digits or ASCII: a household code prefix (households_village_code_key);
 * - a name fragment of 3+ characters: substring through the trigram index (residents_name_trgm_idx);
 * - 2 characters: prefix or suffix (for a 3-character Chinese name that is every 2-character
 *   fragment: 张小明 → 张小, 小明), through the b-tree (prefix, C collation) and trigrams (suffix);
 * - 1 character: prefix (the surname) through the b-tree (village_id, name, id), read in list
 *   order so the page stops after `limit` rows however common the surname.
 * A trigram index cannot answer a 1-2 character substring anywhere in the name, hence the narrowing.
 * Subqueries take the village as the parameter :villageId (not a reference to the outer row),
 * so PostgreSQL runs them once instead of once per row.
 */
export function residentMatch(alias: string, q: string, cipher: PiiCipher, withHouseholdCode: boolean): ResidentMatch {
  const person = personalSearchOf(q);
  if (person?.kind === 'id_number') return { sql: `${alias}.id_hash = :qIdHash`, params: { qIdHash: cipher.hash('id_number', person.value) }, indexOrder: false };
  if (person?.kind === 'phone') return { sql: `${alias}.phone_hash = :qPhoneHash`, params: { qPhoneHash: cipher.hash('phone', person.value) }, indexOrder: false };
  const fragment = likeEscape(q);
  if (looksLikeCode(q)) {
    if (!withHouseholdCode) return { sql: 'false', params: {}, indexOrder: false };
    return {
      sql: `${alias}.household_id IN (SELECT hq.id FROM households hq WHERE hq.village_id = :villageId AND hq.code LIKE :qPrefix)`,
      params: { qPrefix: `${fragment}%` },
      indexOrder: false,
    };
  }
  const length = [...q].length;
  const sql =
    length >= 3
      ? `${alias}.name LIKE :qContains`
      : length === 2
        ? `(${alias}.name LIKE :qPrefix OR ${alias}.name LIKE :qSuffix)`
        : `${alias}.name LIKE :qPrefix`;
  return { sql, params: { qContains: `%${fragment}%`, qPrefix: `${fragment}%`, qSuffix: `%${fragment}` }, indexOrder: length === 1 };
}

/** An active household that could get a resident login, with its head (if any). */
export interface LoginCandidate {
  id: string;
  code: string;
  head_name: string | null;
  phone_enc: Buffer | null;
  has_login: boolean;
}

/** A household a contact (党员包户) looks after, with its balance and this month's points. */
export interface ContactHouseholdRow {
  id: string;
  village_id: string;
  code: string;
  group_name: string | null;
  status: ContactHouseholdDto['status'];
  balance: string;
  month: string;
  month_points: string;
}

/** A resident whose ID number is registered in more than one village. */
export interface DuplicateIdRow {
  id_hash: Buffer;
  id_enc: Buffer;
  id: string;
  village_id: string;
  household_id: string;
  name: string;
  status: ResidentStatus;
}

/** Query helpers shared by the households and residents services. */
@Injectable()
export class ResidentsRepository {
  constructor(private readonly cipher: PiiCipher) {}

  /** Keyset order of residents: name (code-point order), then id; see ResidentMatch.indexOrder. */
  orderResidents<T extends object>(qb: SelectQueryBuilder<T>, alias: string, after: (string | number)[] | null, indexOrder = true): SelectQueryBuilder<T> {
    const name = indexOrder ? `${alias}.name` : `(${alias}.name || '')`;
    if (after) qb.andWhere(`(${name}, ${alias}.id) > (:afterName, :afterId)`, { afterName: after[0], afterId: after[1] });
    return qb.orderBy(name, 'ASC').addOrderBy(`${alias}.id`, 'ASC');
  }

  residentMatch(alias: string, q: string, withHouseholdCode: boolean): ResidentMatch {
    return residentMatch(alias, q, this.cipher, withHouseholdCode);
  }

  /** Households whose code starts with q or whose card is q; or with a member matching q. */
  householdMatch(alias: string, q: string): ResidentMatch {
    if (looksLikeCode(q) && !personalSearchOf(q)) {
      return { sql: `(${alias}.code LIKE :qPrefix OR ${alias}.card_no = :qExact)`, params: { qPrefix: `${likeEscape(q)}%`, qExact: q }, indexOrder: false };
    }
    const member = residentMatch('rq', q, this.cipher, false);
    return {
      sql: `${alias}.id IN (SELECT rq.household_id FROM residents rq WHERE rq.village_id = :villageId AND ${member.sql})`,
      params: member.params,
      indexOrder: false,
    };
  }

  async activeHeadOf(tx: EntityManager, householdId: string): Promise<string | null> {
    const rows: { id: string }[] = await tx.query(`SELECT id FROM residents WHERE household_id = $1 AND is_head AND status = 'active'`, [householdId]);
    return rows[0]?.id ?? null;
  }

  /** An active user holding a role in the village itself (a township grant does not count). */
  async isVillageContact(manager: EntityManager, villageId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM users u WHERE u.id = $1 AND u.status = 'active'
         AND EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id AND g.village_id = $2)`,
      [userId, villageId],
    );
    return rows.length > 0;
  }

  /** The village's active households (only `wanted`, when given) by code, each with its active head and whether it has a login. */
  async loginCandidates(manager: EntityManager, villageId: string, wanted: string[] | null): Promise<LoginCandidate[]> {
    return manager.query(
      `SELECT h.id, h.code, r.name AS head_name, r.phone_enc,
              EXISTS (SELECT 1 FROM role_grants g WHERE g.role = 'resident' AND g.household_id = h.id AND g.user_id IS NOT NULL) AS has_login
         FROM households h LEFT JOIN residents r ON r.household_id = h.id AND r.is_head AND r.status = 'active'
        WHERE h.village_id = $1 AND h.status = 'active' AND ($2::uuid[] IS NULL OR h.id = ANY($2::uuid[]))
        ORDER BY h.code`,
      [villageId, wanted],
    );
  }

  /**
   * The households the user is contact of, in villages where the user holds a role, by code
   * then id (keyset: after `after`), with their balance and points earned in the village-local
   * month of `now`.
   */
  async contactHouseholds(manager: EntityManager, userId: string, now: Date, after: { code: string; id: string } | null, limit: number): Promise<ContactHouseholdRow[]> {
    return manager.query(
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
      [userId, now, after?.code ?? null, after?.id ?? null, limit],
    );
  }

  /**
   * Residents of the first `limit` ID numbers (by keyed hash, after `after`) registered in
   * more than one village. The hashes come off residents_id_hash_idx in order, grouped as they
   * stream: the query stops after `limit` duplicated numbers without reading the rest of the table.
   */
  async duplicateIdNumbers(manager: EntityManager, after: Buffer | null, limit: number): Promise<DuplicateIdRow[]> {
    return manager.query(
      `WITH dup AS (
           SELECT id_hash FROM residents
            WHERE id_hash IS NOT NULL AND ($1::bytea IS NULL OR id_hash > $1::bytea)
            GROUP BY id_hash HAVING count(DISTINCT village_id) > 1
            ORDER BY id_hash LIMIT $2)
         SELECT r.id_hash, r.id_enc, r.id, r.village_id, r.household_id, r.name, r.status
           FROM dup JOIN residents r ON r.id_hash = dup.id_hash
          ORDER BY r.id_hash, r.village_id, r.id`,
      [after, limit],
    );
  }
}
