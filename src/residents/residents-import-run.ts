import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Actor } from '../core/identity/actor';
import { AuditService } from '../audit/audit.service';
import { LedgerPort } from '../ledger/ledger.port';
import { maskIdNumber, maskPhone } from '../core/vocabulary/masking';
import { CsvRecord } from './csv';
import { ImportResultDto } from './dto/resident.dto';
import { ImportError, ImportRow, parseRow, Columns } from './import-rows';
import { PiiCipher } from './pii';
import { householdConflict } from './households.service';
import { ExistingResident, NewResidentRow, ResidentsImportRepository } from './residents-import.repository';

/** Errors listed in one answer; errorCount always counts them all. */
const MAX_ERRORS = 10_000;
/**
 * Households kept between batches. Everything the cache knows is in the database by the end
 * of a batch, so past this size it is dropped and what the next batches need is read again:
 * the import's memory stays flat however many households the file holds.
 */
const HOUSEHOLD_CACHE = 5_000;

interface HouseholdState {
  id: string;
  status: string;
  /** Active head's resident id; undefined until read. */
  head?: string | null;
}

interface Placed {
  row: ImportRow;
  household: HouseholdState;
}

/**
 * The first 30 bits of a keyed hash: a small integer, so a map of 100,000 of them holds no
 * string per entry (~2 MB instead of ~12 MB with hex keys).
 */
const shortKey = (hash: Buffer): number => hash.readUInt32BE(0) >>> 2;

/**
 * The line that created each resident of this import, by ID number hash, for the message of a
 * line that repeats it. Whether a number was created by this import at all is the database's
 * answer (ExistingResident.created_here); this only names the line, exactly: a short key is
 * owned by the first hash that had it, and a later hash with the same short key is kept whole.
 */
class CreatedLines {
  private readonly byShortKey = new Map<number, number>();
  private readonly collided = new Map<string, number>();

  add(hash: Buffer, line: number): void {
    const key = shortKey(hash);
    if (this.byShortKey.has(key)) this.collided.set(hash.toString('hex'), line);
    else this.byShortKey.set(key, line);
  }

  /** The line of a hash this import created (known to be so). */
  lineOf(hash: Buffer): number | undefined {
    return this.collided.get(hash.toString('hex')) ?? this.byShortKey.get(shortKey(hash));
  }
}

/** The state of one import: a bounded cache of households and heads, counters, errors. */
export class ImportRun {
  private readonly households = new Map<string, HouseholdState>();
  private readonly createdLines = new CreatedLines();
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
    private readonly repo: ResidentsImportRepository,
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
    if (this.households.size > HOUSEHOLD_CACHE) this.households.clear();
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
  private async resolveHouseholds(rows: ImportRow[], label: Record<string, string>): Promise<Placed[]> {
    const unknown = [...new Set(rows.map((r) => r.householdCode).filter((c) => !this.households.has(c)))];
    if (unknown.length) {
      for (const h of await this.repo.householdsByCode(this.tx, this.villageId, unknown)) this.households.set(h.code, { id: h.id, status: h.status });
    }
    // First line of each missing household creates it, with that line's address, group and card.
    const creators = new Map<string, ImportRow>();
    for (const row of rows) if (!this.households.has(row.householdCode) && !creators.has(row.householdCode)) creators.set(row.householdCode, row);
    if (creators.size) {
      const cards = [...creators.values()].map((r) => r.cardNo).filter((c): c is string => c !== null);
      const taken = await this.repo.takenCards(this.tx, this.villageId, cards);
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
    const placed: Placed[] = [];
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
      await this.repo.insertHouseholds(
        this.tx,
        this.villageId,
        rows.map((r, i) => ({ id: ids[i], code: r.householdCode, address: r.address, cardNo: r.cardNo, group: r.group })),
      );
    } catch (error) {
      throw householdConflict(error, 'in the file', 'in the file') ?? error;
    }
    // Every household gets its points account in this same transaction.
    const accounts = await this.ledger.openAccounts(this.tx, this.villageId, ids.map((householdId) => ({ kind: 'household' as const, householdId })));
    await this.repo.setHouseholdAccounts(this.tx, ids, accounts);
    rows.forEach((row, i) => this.households.set(row.householdCode, { id: ids[i], status: 'active', head: null }));
    this.householdsCreated += rows.length;
    this.newHouseholds.push(...rows.map((r, i) => ({ id: ids[i], code: r.householdCode, cardNo: r.cardNo, accountId: accounts[i], line: r.line })));
  }

  private async loadHeads(households: HouseholdState[]): Promise<void> {
    const unknown = [...new Set(households.filter((h) => h.head === undefined).map((h) => h.id))];
    if (!unknown.length) return;
    const byHousehold = await this.repo.activeHeads(this.tx, unknown);
    for (const h of households) if (h.head === undefined) h.head = byHousehold.get(h.id) ?? null;
  }

  private async applyResidents(placed: Placed[], label: Record<string, string>): Promise<void> {
    const hashes = placed.map((p) => (p.row.personal.idNumber ? this.cipher.hash('id_number', p.row.personal.idNumber) : null));
    const withId = hashes.filter((h): h is Buffer => h !== null);
    const byHash = new Map<string, ExistingResident>();
    if (withId.length) for (const r of await this.repo.residentsByIdHash(this.tx, this.villageId, withId)) byHash.set(r.id_hash!.toString('hex'), r);
    const noIdHouseholds = [...new Set(placed.filter((_p, i) => hashes[i] === null).map((p) => p.household.id))];
    const byName = new Map<string, ExistingResident>();
    if (noIdHouseholds.length) for (const r of await this.repo.residentsWithoutIdNumber(this.tx, noIdHouseholds)) byName.set(`${r.household_id}/${r.name}`, r);

    const inserts: NewResidentRow[] = [];
    const created: Record<string, unknown>[] = [];
    const changed: Record<string, unknown>[] = [];
    const seenInBatch = new Map<string, number>();
    for (let i = 0; i < placed.length; i++) {
      const { row, household } = placed[i];
      const hash = hashes[i];
      const key = hash ? hash.toString('hex') : `${household.id}/${row.personal.name}`;
      const existing = hash ? byHash.get(key) : byName.get(key);
      // A number this import created in an earlier batch is a repeat, not an update.
      const repeat = seenInBatch.get(key) ?? (hash && existing?.created_here ? this.createdLines.lineOf(hash) : undefined);
      if (repeat !== undefined) {
        this.fail(row.line, hash ? label.id_number : label.name, hash ? `repeats the ID number of line ${repeat}` : `repeats line ${repeat} (same name in the same household)`);
        continue;
      }
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
        inserts.push(this.newResident(id, row, household.id, hash, phoneHash));
        if (hash) this.createdLines.add(hash, row.line);
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
      await this.repo.updateResident(this.tx, {
        id: existing.id,
        name: next.name,
        householdId: next.household_id,
        gender: next.gender,
        birthDate: next.birth_date,
        isHead: next.is_head,
        relation: next.relation,
        phoneEnc: phoneChanged ? this.cipher.encrypt('phone', row.personal.phone!) : null,
        phoneHash: phoneChanged ? phoneHash : null,
      });
      if (moving) {
        await this.repo.recordMove(this.tx, { villageId: this.villageId, residentId: existing.id, from: existing.household_id, to: household.id, movedBy: this.actor.name });
      }
      this.updated++;
      changed.push({ id: existing.id, line: row.line, fields: [...diff, ...(phoneChanged ? ['phone'] : [])] });
    }

    if (inserts.length) {
      await this.repo.insertResidents(this.tx, this.villageId, inserts);
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

  private newResident(id: string, row: ImportRow, householdId: string, idHash: Buffer | null, phoneHash: Buffer | null): NewResidentRow {
    const { personal } = row;
    return {
      id,
      householdId,
      name: personal.name,
      idEnc: personal.idNumber ? this.cipher.encrypt('id_number', personal.idNumber) : null,
      idHash,
      phoneEnc: personal.phone ? this.cipher.encrypt('phone', personal.phone) : null,
      phoneHash,
      gender: personal.gender,
      birthDate: personal.birthDate,
      isHead: row.isHead ?? false,
      relation: row.relation,
    };
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
