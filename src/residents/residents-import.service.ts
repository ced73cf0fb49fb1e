import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, assertVillageRole } from '../core/identity/actor';
import { AuditService } from '../audit/audit.service';
import { DomainError, notFound } from '../core/errors/errors';
import { LedgerPort } from '../ledger/ledger.port';
import { csvCell } from '../core/vocabulary/csv';
import { CsvDecoder, CsvFormatError, CsvRecord, csvBatches } from './csv';
import { ImportQueryDto, ImportResultDto } from './dto/resident.dto';
import { Gender, ResidentStatus } from './entities/resident.entity';
import { EXPORT_HEADER, ImportError, ImportRow, parseRow, readHeader, Columns } from './import-rows';
import { maskIdNumber, maskPhone } from '../core/vocabulary/masking';
import { PiiCipher } from './pii';
import { residentConflict } from './residents.service';
import { householdConflict } from './households.service';

const BATCH = 1000;
/** Errors listed in one answer; errorCount always counts them all. */
const MAX_ERRORS = 10_000;
/** Limits of one upload (413 past them): a county-sized village is some thousands of lines. */
const MAX_BYTES = 64 * 1024 * 1024;
export const MAX_IMPORT_LINES = 100_000;
const ANALYZE_AFTER = 500;

interface HouseholdState {
  id: string;
  status: string;
  /** Active head's resident id; undefined until read. */
  head?: string | null;
}

interface ExistingResident {
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
}

interface NewResident {
  id: string;
  row: ImportRow;
  householdId: string;
}

class ImportFailed extends Error {
  constructor(readonly result: ImportResultDto) {
    super('import failed');
  }
}

/** Counts bytes as they stream by and stops a request past the size limit. */
async function* limited(source: AsyncIterable<Buffer>, max: number): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    if (total > max) throw new DomainError('payload_too_large', `An import file may be at most ${max / 1024 / 1024} MiB`);
    yield chunk;
  }
}

/**
 * Bulk import of a village roster from CSV, streamed in batches of BATCH lines inside one
 * transaction (all or nothing; with ?partial=true the good lines commit and the bad ones are
 * reported). Households are created on first sight. Idempotent: a resident is found again
 * by the keyed hash of the ID number (or, without one, by name within the household), and a
 * line that matches what is on file changes nothing.
 */
@Injectable()
export class ResidentsImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerPort,
    private readonly audit: AuditService,
    private readonly cipher: PiiCipher,
  ) {}

  async import(actor: Actor, query: ImportQueryDto, body: AsyncIterable<Buffer>): Promise<ImportResultDto> {
    assertVillageRole(actor, query.villageId, ['village_admin'], 'Village');
    const partial = query.partial === true;
    const result = await this.importInTransaction(actor, query.villageId, partial, body);
    // A bulk load leaves the planner's statistics behind until autovacuum catches up (a new
    // village looks empty to it), and search plans (trigram vs b-tree, join order) depend on
    // them: refresh them at once after a sizeable import (ANALYZE samples, ~0.1-0.3 s).
    // The names still in the trigram index's pending list are merged in now rather than
    // scanned by every search until the next insert flushes them.
    if (result.created >= ANALYZE_AFTER) {
      await this.dataSource.query('ANALYZE residents, households');
      await this.dataSource.query(`SELECT gin_clean_pending_list('residents_name_trgm_idx'::regclass)`);
    }
    return result;
  }

  private async importInTransaction(actor: Actor, villageId: string, partial: boolean, body: AsyncIterable<Buffer>): Promise<ImportResultDto> {
    try {
      return await this.dataSource.transaction(async (tx) => {
        const village: unknown[] = await tx.query(`SELECT 1 FROM villages WHERE id = $1`, [villageId]);
        if (!village.length) throw notFound('Village');
        const run = new ImportRun(tx, actor, villageId, this.ledger, this.audit, this.cipher);
        let columns: Columns | null = null;
        let lines = 0;
        const decoder = new CsvDecoder();
        try {
          for await (const batch of csvBatches(limited(body, MAX_BYTES), BATCH, decoder)) {
            let records: CsvRecord[] = batch;
            if (!columns) {
              const header = readHeader(batch[0]);
              if (!header.ok) throw new DomainError('validation_failed', header.errors.map((e) => e.message).join('; '), { errors: header.errors });
              columns = header.columns;
              records = batch.slice(1);
            }
            lines += records.length;
            if (lines > MAX_IMPORT_LINES) {
              throw new DomainError('payload_too_large', `An import may hold at most ${MAX_IMPORT_LINES} lines besides the header: split the file (nothing was imported)`);
            }
            await run.batch(records, columns);
          }
        } catch (error) {
          if (error instanceof CsvFormatError) throw new DomainError('validation_failed', error.message, { errors: [{ field: 'file', message: error.message }] });
          throw error;
        }
        if (!columns) throw new DomainError('validation_failed', 'The file is empty', { errors: [{ field: 'file', message: 'no header row' }] });
        run.encoding = decoder.encoding ?? 'utf-8';
        const result = run.result();
        if (result.errorCount > 0 && !partial) throw new ImportFailed(result);
        return result;
      });
    } catch (error) {
      if (error instanceof ImportFailed) {
        const { errors, errorCount } = error.result;
        throw new DomainError('validation_failed', `${errorCount} line(s) of the file are not valid; nothing was imported (send ?partial=true to import the good lines)`, {
          errors,
          errorCount,
          created: 0,
          updated: 0,
        });
      }
      throw residentConflict(error) ?? error;
    }
  }

  /** The roster as UTF-8 CSV with a BOM (Excel opens it as UTF-8), in the import's own columns. */
  async export(actor: Actor, villageId: string): Promise<Readable> {
    assertVillageRole(actor, villageId, ['village_admin'], 'Village');
    await this.dataSource.transaction(async (tx) => {
      const village: unknown[] = await tx.query(`SELECT 1 FROM villages WHERE id = $1`, [villageId]);
      if (!village.length) throw notFound('Village');
      await this.audit.record(tx, actor, 'residents.exported', { type: 'village', id: villageId, villageId }, null, { format: 'csv' });
    });
    const dataSource = this.dataSource;
    const cipher = this.cipher;
    async function* lines(): AsyncGenerator<string> {
      yield `\uFEFF${EXPORT_HEADER.join(',')}\r\n`;
      let after: [string, string, string] | null = null;
      for (;;) {
        const rows: (ExistingResident & { code: string; group_name: string | null; address: string | null; card_no: string | null; id_enc: Buffer | null; phone_enc: Buffer | null })[] =
          await dataSource.query(
            `SELECT r.id, r.name, r.id_enc, r.phone_enc, r.gender, r.birth_date::text AS birth_date, r.is_head, r.relation, r.status, h.code, h.group_name, h.address, h.card_no
               FROM residents r JOIN households h ON h.id = r.household_id
              WHERE r.village_id = $1 AND ($2::text IS NULL OR (h.code, r.name, r.id) > ($2 COLLATE "C", $3 COLLATE "C", $4::uuid))
              ORDER BY h.code, r.name, r.id LIMIT 1000`,
            [villageId, after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null],
          );
        if (!rows.length) return;
        let chunk = '';
        for (const r of rows) {
          const idNumber = r.id_enc ? cipher.decrypt('id_number', r.id_enc) : '';
          const phone = r.phone_enc ? cipher.decrypt('phone', r.phone_enc) : '';
          chunk += `${[
            csvCell(r.code),
            csvCell(r.name),
            // A tab after the digits keeps Excel from turning an 18-digit number into 1.10105E+17.
            idNumber ? `${idNumber}\t` : '',
            phone,
            r.gender === 'male' ? '男' : r.gender === 'female' ? '女' : '',
            r.birth_date ?? '',
            r.is_head ? '是' : '否',
            csvCell(r.relation),
            csvCell(r.group_name),
            csvCell(r.address),
            csvCell(r.card_no),
            { active: '在册', moved_out: '迁出', deceased: '死亡' }[r.status],
          ].join(',')}\r\n`;
        }
        yield chunk;
        const last = rows[rows.length - 1];
        after = [last.code, last.name, last.id];
      }
    }
    return Readable.from(lines());
  }
}

/** The state of one import: caches of households and heads, counters, errors. */
class ImportRun {
  private readonly households = new Map<string, HouseholdState>();
  /** Residents created by this import, by ID hash, with their line: a repeat is an error, not an update. */
  private readonly createdByHash = new Map<string, number>();
  private readonly errors: ImportError[] = [];
  private errorCount = 0;
  private created = 0;
  private updated = 0;
  private unchanged = 0;
  private householdsCreated = 0;
  private readonly importId = randomUUID();
  /** Households created by the current batch, for its audit event. */
  private newHouseholds: Record<string, unknown>[] = [];
  encoding = 'utf-8';

  constructor(
    private readonly tx: EntityManager,
    private readonly actor: Actor,
    private readonly villageId: string,
    private readonly ledger: LedgerPort,
    private readonly audit: AuditService,
    private readonly cipher: PiiCipher,
  ) {}

  result(): ImportResultDto {
    return {
      created: this.created,
      updated: this.updated,
      unchanged: this.unchanged,
      householdsCreated: this.householdsCreated,
      errors: this.errors,
      errorCount: this.errorCount,
      encoding: this.encoding,
    };
  }

  private fail(line: number, field: string, message: string): void {
    this.errorCount++;
    if (this.errors.length < MAX_ERRORS) this.errors.push({ line, field, message });
  }

  async batch(records: CsvRecord[], columns: Columns): Promise<void> {
    const rows: ImportRow[] = [];
    for (const record of records) {
      const parsed = parseRow(record, columns);
      if (parsed.ok) rows.push(parsed.row);
      else for (const e of parsed.errors) this.fail(e.line, e.field, e.message);
    }
    if (!rows.length) return;
    const label = columns.label;
    const placed = await this.resolveHouseholds(rows, label);
    await this.loadHeads(placed.map((p) => p.household));
    await this.applyResidents(placed, label);
  }

  /** Finds or creates each line's household; lines whose household cannot be had are reported. */
  private async resolveHouseholds(rows: ImportRow[], label: Record<string, string>): Promise<{ row: ImportRow; household: HouseholdState }[]> {
    const unknown = [...new Set(rows.map((r) => r.householdCode).filter((c) => !this.households.has(c)))];
    if (unknown.length) {
      const found: { id: string; code: string; status: string }[] = await this.tx.query(
        `SELECT id, code, status FROM households WHERE village_id = $1 AND code = ANY($2::text[])`,
        [this.villageId, unknown],
      );
      for (const h of found) this.households.set(h.code, { id: h.id, status: h.status });
    }
    // First line of each missing household creates it, with that line's address, group and card.
    const creators = new Map<string, ImportRow>();
    for (const row of rows) if (!this.households.has(row.householdCode) && !creators.has(row.householdCode)) creators.set(row.householdCode, row);
    if (creators.size) {
      const cards = [...creators.values()].map((r) => r.cardNo).filter((c): c is string => c !== null);
      const taken = new Set<string>(
        cards.length
          ? ((await this.tx.query(`SELECT card_no FROM households WHERE village_id = $1 AND card_no = ANY($2::text[])`, [this.villageId, cards])) as { card_no: string }[]).map((r) => r.card_no)
          : [],
      );
      const create: ImportRow[] = [];
      for (const row of creators.values()) {
        if (row.cardNo && taken.has(row.cardNo)) {
          this.fail(row.line, label.card_no, `card ${row.cardNo} already belongs to another household`);
          creators.delete(row.householdCode);
          continue;
        }
        if (row.cardNo) taken.add(row.cardNo);
        create.push(row);
      }
      if (create.length) await this.createHouseholds(create);
    }
    const placed: { row: ImportRow; household: HouseholdState }[] = [];
    for (const row of rows) {
      const household = this.households.get(row.householdCode);
      if (!household) {
        if (!creators.has(row.householdCode)) this.fail(row.line, label.household_code, `household ${row.householdCode} could not be created (see its first line)`);
        continue;
      }
      if (household.status !== 'active') {
        this.fail(row.line, label.household_code, `household ${row.householdCode} is closed`);
        continue;
      }
      placed.push({ row, household });
    }
    return placed;
  }

  private async createHouseholds(rows: ImportRow[]): Promise<void> {
    const ids = rows.map(() => randomUUID());
    try {
      await this.tx.query(
        `INSERT INTO households (id, village_id, code, address, card_no, group_name)
         SELECT id, $1, code, address, card_no, group_name FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t(id, code, address, card_no, group_name)`,
        [this.villageId, ids, rows.map((r) => r.householdCode), rows.map((r) => r.address), rows.map((r) => r.cardNo), rows.map((r) => r.group)],
      );
    } catch (error) {
      throw householdConflict(error, 'in the file', 'in the file') ?? error;
    }
    // Every household gets its points account in this same transaction.
    const accounts = await this.ledger.openAccounts(this.tx, this.villageId, ids.map((householdId) => ({ kind: 'household' as const, householdId })));
    await this.tx.query(
      `UPDATE households h SET account_id = t.account_id FROM unnest($1::uuid[], $2::uuid[]) AS t(id, account_id) WHERE h.id = t.id`,
      [ids, accounts],
    );
    rows.forEach((row, i) => this.households.set(row.householdCode, { id: ids[i], status: 'active', head: null }));
    this.householdsCreated += rows.length;
    this.newHouseholds.push(...rows.map((r, i) => ({ id: ids[i], code: r.householdCode, cardNo: r.cardNo, accountId: accounts[i], line: r.line })));
  }

  private async loadHeads(households: HouseholdState[]): Promise<void> {
    const unknown = [...new Set(households.filter((h) => h.head === undefined).map((h) => h.id))];
    if (!unknown.length) return;
    const heads: { household_id: string; id: string }[] = await this.tx.query(
      `SELECT household_id, id FROM residents WHERE household_id = ANY($1::uuid[]) AND is_head AND status = 'active'`,
      [unknown],
    );
    const byHousehold = new Map(heads.map((h) => [h.household_id, h.id]));
    for (const h of households) if (h.head === undefined) h.head = byHousehold.get(h.id) ?? null;
  }

  private async applyResidents(placed: { row: ImportRow; household: HouseholdState }[], label: Record<string, string>): Promise<void> {
    const hashes = placed.map((p) => (p.row.personal.idNumber ? this.cipher.hash('id_number', p.row.personal.idNumber) : null));
    const withId = hashes.filter((h): h is Buffer => h !== null);
    const byHash = new Map<string, ExistingResident>();
    if (withId.length) {
      // Within this village only: whether a number is registered elsewhere is not the importer's business.
      const found: ExistingResident[] = await this.tx.query(
        `SELECT id, village_id, household_id, name, id_hash, phone_hash, gender, birth_date::text AS birth_date, is_head, relation, status
           FROM residents WHERE village_id = $1 AND id_hash = ANY($2::bytea[])`,
        [this.villageId, withId],
      );
      for (const r of found) byHash.set(r.id_hash!.toString('hex'), r);
    }
    const noIdHouseholds = [...new Set(placed.filter((_p, i) => hashes[i] === null).map((p) => p.household.id))];
    const byName = new Map<string, ExistingResident>();
    if (noIdHouseholds.length) {
      const found: ExistingResident[] = await this.tx.query(
        `SELECT id, village_id, household_id, name, id_hash, phone_hash, gender, birth_date::text AS birth_date, is_head, relation, status
           FROM residents WHERE household_id = ANY($1::uuid[]) AND id_hash IS NULL`,
        [noIdHouseholds],
      );
      for (const r of found) byName.set(`${r.household_id}/${r.name}`, r);
    }

    const inserts: NewResident[] = [];
    const created: Record<string, unknown>[] = [];
    const changed: Record<string, unknown>[] = [];
    const seenInBatch = new Map<string, number>();
    for (let i = 0; i < placed.length; i++) {
      const { row, household } = placed[i];
      const hash = hashes[i];
      const key = hash ? hash.toString('hex') : `${household.id}/${row.personal.name}`;
      const repeat = seenInBatch.get(key) ?? (hash ? this.createdByHash.get(key) : undefined);
      if (repeat !== undefined) {
        this.fail(row.line, hash ? label.id_number : label.name, hash ? `repeats the ID number of line ${repeat}` : `repeats line ${repeat} (same name in the same household)`);
        continue;
      }
      const existing = hash ? byHash.get(key) : byName.get(key);
      const self = existing?.id ?? null;
      const wantsHead = row.isHead ?? existing?.is_head ?? false;
      const moving = existing !== undefined && existing.household_id !== household.id;
      if (wantsHead && (!existing || existing.status === 'active') && household.head && household.head !== self) {
        this.fail(row.line, label.is_head, `household ${row.householdCode} already has a head`);
        continue;
      }
      seenInBatch.set(key, row.line);
      const phoneHash = row.personal.phone ? this.cipher.hash('phone', row.personal.phone) : null;
      if (!existing) {
        const id = randomUUID();
        inserts.push({ id, row, householdId: household.id });
        if (hash) this.createdByHash.set(key, row.line);
        if (wantsHead) household.head = id;
        created.push(this.auditView(id, row));
        continue;
      }
      const next = {
        name: row.personal.name,
        household_id: household.id,
        gender: row.personal.gender ?? existing.gender,
        birth_date: row.personal.birthDate ?? existing.birth_date,
        is_head: moving && row.isHead === null ? false : wantsHead,
        relation: row.relation ?? existing.relation,
      };
      const diff = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== existing[k]);
      const phoneChanged = row.personal.phone !== null && !(existing.phone_hash && phoneHash!.equals(existing.phone_hash));
      if (!diff.length && !phoneChanged) {
        this.unchanged++;
        continue;
      }
      if (existing.is_head && !next.is_head) {
        for (const h of this.households.values()) if (h.head === existing.id) h.head = null;
      }
      if (next.is_head) household.head = existing.id;
      await this.tx.query(
        `UPDATE residents SET name = $2, household_id = $3, gender = $4, birth_date = $5, is_head = $6, relation = $7,
                phone_enc = CASE WHEN $8::bytea IS NULL THEN phone_enc ELSE $8 END, phone_hash = COALESCE($9, phone_hash), updated_at = now()
          WHERE id = $1`,
        [existing.id, next.name, next.household_id, next.gender, next.birth_date, next.is_head, next.relation,
          phoneChanged ? this.cipher.encrypt('phone', row.personal.phone!) : null, phoneChanged ? phoneHash : null],
      );
      if (moving) {
        await this.tx.query(`INSERT INTO resident_moves (village_id, resident_id, from_household_id, to_household_id, moved_by) VALUES ($1, $2, $3, $4, $5)`, [
          this.villageId, existing.id, existing.household_id, household.id, this.actor.name,
        ]);
      }
      this.updated++;
      changed.push({ id: existing.id, line: row.line, fields: [...diff, ...(phoneChanged ? ['phone'] : [])] });
    }

    if (inserts.length) {
      await this.tx.query(
        `INSERT INTO residents (id, village_id, household_id, name, id_enc, id_hash, phone_enc, phone_hash, gender, birth_date, is_head, relation)
         SELECT t.id, $1, t.household_id, t.name, t.id_enc, t.id_hash, t.phone_enc, t.phone_hash, t.gender, t.birth_date, t.is_head, t.relation
           FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::bytea[], $6::bytea[], $7::bytea[], $8::bytea[], $9::text[], $10::date[], $11::bool[], $12::text[])
             AS t(id, household_id, name, id_enc, id_hash, phone_enc, phone_hash, gender, birth_date, is_head, relation)`,
        [
          this.villageId,
          inserts.map((n) => n.id),
          inserts.map((n) => n.householdId),
          inserts.map((n) => n.row.personal.name),
          inserts.map((n) => (n.row.personal.idNumber ? this.cipher.encrypt('id_number', n.row.personal.idNumber) : null)),
          inserts.map((n) => (n.row.personal.idNumber ? this.cipher.hash('id_number', n.row.personal.idNumber) : null)),
          inserts.map((n) => (n.row.personal.phone ? this.cipher.encrypt('phone', n.row.personal.phone) : null)),
          inserts.map((n) => (n.row.personal.phone ? this.cipher.hash('phone', n.row.personal.phone) : null)),
          inserts.map((n) => n.row.personal.gender),
          inserts.map((n) => n.row.personal.birthDate),
          inserts.map((n) => n.row.isHead ?? false),
          inserts.map((n) => n.row.relation),
        ],
      );
      this.created += inserts.length;
    }
    // One event per batch of lines (not per resident: 100,000 events would dominate the
    // import), listing what it created and changed, personal data masked.
    if (created.length || changed.length || this.newHouseholds.length) {
      await this.audit.record(
        this.tx,
        this.actor,
        'residents.imported',
        { type: 'resident_import', id: this.importId, villageId: this.villageId },
        null,
        { householdsCreated: this.newHouseholds, created, updated: changed },
      );
    }
    this.newHouseholds = [];
  }

  /** A created resident as the audit log may hold it: ID number and phone masked. */
  private auditView(id: string, row: ImportRow): Record<string, unknown> {
    return {
      id,
      line: row.line,
      householdCode: row.householdCode,
      name: row.personal.name,
      idNumber: row.personal.idNumber ? maskIdNumber(row.personal.idNumber) : null,
      phone: row.personal.phone ? maskPhone(row.personal.phone) : null,
      isHead: row.isHead ?? false,
    };
  }
}
