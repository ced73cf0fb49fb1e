import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Gender, ResidentStatus } from './entities/resident.entity';

/** A resident as the import compares it with a line of the file. */
export interface ExistingResident {
  id: string;
  village_id: string;
  household_id: string;
  name: string;
  id_hash: Buffer | null;
  phone_hash: Buffer | null;
  gender: Gender | null;
  birth_date: string | null;
  is_head: boolean;
  relation: string | null;
  status: ResidentStatus;
  /** Inserted by the current transaction, i.e. by this import (which runs in one). */
  created_here: boolean;
}

/** A household as the import creates it. */
export interface NewHouseholdRow {
  id: string;
  code: string;
  address: string | null;
  cardNo: string | null;
  group: string | null;
}

/** A resident as the import inserts it: personal data already encrypted and hashed. */
export interface NewResidentRow {
  id: string;
  householdId: string;
  name: string;
  idEnc: Buffer | null;
  idHash: Buffer | null;
  phoneEnc: Buffer | null;
  phoneHash: Buffer | null;
  gender: Gender | null;
  birthDate: string | null;
  isHead: boolean;
  relation: string | null;
}

/** The fields an import line may change on a resident already on file. */
export interface ResidentChange {
  id: string;
  name: string;
  householdId: string;
  gender: Gender | null;
  birthDate: string | null;
  isHead: boolean;
  relation: string | null;
  /** Null: the phone on file stays. */
  phoneEnc: Buffer | null;
  phoneHash: Buffer | null;
}

/** A page of the roster export: a resident, decrypted by the caller, with its household. */
export interface ExportedResident {
  id: string;
  name: string;
  id_enc: Buffer | null;
  phone_enc: Buffer | null;
  gender: Gender | null;
  birth_date: string | null;
  is_head: boolean;
  relation: string | null;
  status: ResidentStatus;
  code: string;
  group_name: string | null;
  address: string | null;
  card_no: string | null;
}

/** Where the export's keyset page starts: after this household code, name and id. */
export type ExportCursor = [code: string, name: string, id: string];

const EXISTING_COLUMNS = `id, village_id, household_id, name, id_hash, phone_hash, gender, birth_date::text AS birth_date, is_head, relation, status,
       created_at = now() AS created_here`;

/** The SQL of the roster import and export: set-based reads and writes of a batch of lines. */
@Injectable()
export class ResidentsImportRepository {
  /**
   * After a bulk load: fresh planner statistics (a new village looks empty until autovacuum
   * gets to it, and search plans depend on them) and the trigram index's pending list merged
   * in rather than scanned by every search until the next insert flushes it.
   */
  async refreshAfterBulkLoad(dataSource: DataSource): Promise<void> {
    await dataSource.query('ANALYZE residents, households');
    await dataSource.query(`SELECT gin_clean_pending_list('residents_name_trgm_idx'::regclass)`);
  }

  householdsByCode(tx: EntityManager, villageId: string, codes: string[]): Promise<{ id: string; code: string; status: string }[]> {
    return tx.query(`SELECT id, code, status FROM households WHERE village_id = $1 AND code = ANY($2::text[])`, [villageId, codes]);
  }

  /** Which of these card numbers a household of the village already holds. */
  async takenCards(tx: EntityManager, villageId: string, cards: string[]): Promise<Set<string>> {
    if (!cards.length) return new Set();
    const rows: { card_no: string }[] = await tx.query(`SELECT card_no FROM households WHERE village_id = $1 AND card_no = ANY($2::text[])`, [villageId, cards]);
    return new Set(rows.map((r) => r.card_no));
  }

  async insertHouseholds(tx: EntityManager, villageId: string, rows: NewHouseholdRow[]): Promise<void> {
    await tx.query(
      `INSERT INTO households (id, village_id, code, address, card_no, group_name)
       SELECT id, $1, code, address, card_no, group_name FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t(id, code, address, card_no, group_name)`,
      [villageId, rows.map((r) => r.id), rows.map((r) => r.code), rows.map((r) => r.address), rows.map((r) => r.cardNo), rows.map((r) => r.group)],
    );
  }

  async setHouseholdAccounts(tx: EntityManager, householdIds: string[], accountIds: string[]): Promise<void> {
    await tx.query(`UPDATE households h SET account_id = t.account_id FROM unnest($1::uuid[], $2::uuid[]) AS t(id, account_id) WHERE h.id = t.id`, [householdIds, accountIds]);
  }

  /** The active head of each of these households that has one, by household id. */
  async activeHeads(tx: EntityManager, householdIds: string[]): Promise<Map<string, string>> {
    const rows: { household_id: string; id: string }[] = await tx.query(
      `SELECT household_id, id FROM residents WHERE household_id = ANY($1::uuid[]) AND is_head AND status = 'active'`,
      [householdIds],
    );
    return new Map(rows.map((r) => [r.household_id, r.id]));
  }

  /** Residents of the village with these ID number hashes (whether a number is registered elsewhere is not the importer's business). */
  residentsByIdHash(tx: EntityManager, villageId: string, hashes: Buffer[]): Promise<ExistingResident[]> {
    return tx.query(`SELECT ${EXISTING_COLUMNS} FROM residents WHERE village_id = $1 AND id_hash = ANY($2::bytea[])`, [villageId, hashes]);
  }

  /** Residents without an ID number in these households (the import finds them by name). */
  residentsWithoutIdNumber(tx: EntityManager, householdIds: string[]): Promise<ExistingResident[]> {
    return tx.query(`SELECT ${EXISTING_COLUMNS} FROM residents WHERE household_id = ANY($1::uuid[]) AND id_hash IS NULL`, [householdIds]);
  }

  async updateResident(tx: EntityManager, change: ResidentChange): Promise<void> {
    await tx.query(
      `UPDATE residents SET name = $2, household_id = $3, gender = $4, birth_date = $5, is_head = $6, relation = $7,
              phone_enc = CASE WHEN $8::bytea IS NULL THEN phone_enc ELSE $8 END, phone_hash = COALESCE($9, phone_hash), updated_at = now()
        WHERE id = $1`,
      [change.id, change.name, change.householdId, change.gender, change.birthDate, change.isHead, change.relation, change.phoneEnc, change.phoneHash],
    );
  }

  async recordMove(tx: EntityManager, move: { villageId: string; residentId: string; from: string; to: string; movedBy: string }): Promise<void> {
    await tx.query(`INSERT INTO resident_moves (village_id, resident_id, from_household_id, to_household_id, moved_by) VALUES ($1, $2, $3, $4, $5)`, [
      move.villageId,
      move.residentId,
      move.from,
      move.to,
      move.movedBy,
    ]);
  }

  async insertResidents(tx: EntityManager, villageId: string, rows: NewResidentRow[]): Promise<void> {
    await tx.query(
      `INSERT INTO residents (id, village_id, household_id, name, id_enc, id_hash, phone_enc, phone_hash, gender, birth_date, is_head, relation)
       SELECT t.id, $1, t.household_id, t.name, t.id_enc, t.id_hash, t.phone_enc, t.phone_hash, t.gender, t.birth_date, t.is_head, t.relation
         FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::bytea[], $6::bytea[], $7::bytea[], $8::bytea[], $9::text[], $10::date[], $11::bool[], $12::text[])
           AS t(id, household_id, name, id_enc, id_hash, phone_enc, phone_hash, gender, birth_date, is_head, relation)`,
      [
        villageId,
        rows.map((r) => r.id),
        rows.map((r) => r.householdId),
        rows.map((r) => r.name),
        rows.map((r) => r.idEnc),
        rows.map((r) => r.idHash),
        rows.map((r) => r.phoneEnc),
        rows.map((r) => r.phoneHash),
        rows.map((r) => r.gender),
        rows.map((r) => r.birthDate),
        rows.map((r) => r.isHead),
        rows.map((r) => r.relation),
      ],
    );
  }

  /** Up to `limit` residents of the village in (household code, name, id) order, after `after`. */
  exportPage(dataSource: DataSource, villageId: string, after: ExportCursor | null, limit: number): Promise<ExportedResident[]> {
    return dataSource.query(
      `SELECT r.id, r.name, r.id_enc, r.phone_enc, r.gender, r.birth_date::text AS birth_date, r.is_head, r.relation, r.status, h.code, h.group_name, h.address, h.card_no
         FROM residents r JOIN households h ON h.id = r.household_id
        WHERE r.village_id = $1 AND ($2::text IS NULL OR (h.code, r.name, r.id) > ($2 COLLATE "C", $3 COLLATE "C", $4::uuid))
        ORDER BY h.code, r.name, r.id LIMIT $5`,
      [villageId, after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, limit],
    );
  }
}
