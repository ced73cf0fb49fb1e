import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, assertVillageRole } from '../core/identity/actor';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../core/errors/errors';
import { LedgerPort } from '../ledger/ledger.port';
import { csvCell } from '../core/vocabulary/csv';
import { CsvDecoder, CsvFormatError, CsvRecord, csvBatches } from './csv';
import { ImportQueryDto, ImportResultDto } from './dto/resident.dto';
import { EXPORT_HEADER, readHeader, Columns } from './import-rows';
import { PiiCipher } from './pii';
import { residentConflict } from './residents.service';
import { ImportRun } from './residents-import-run';
import { ExportCursor, ResidentsImportRepository } from './residents-import.repository';
import { assertVillageExists } from '../villages/village-lookup';

const BATCH = 1000;
/** Limits of one upload (413 past them): a county-sized village is some thousands of lines. */
const MAX_BYTES = 64 * 1024 * 1024;
export const MAX_IMPORT_LINES = 100_000;
const ANALYZE_AFTER = 500;
/** Residents per page of the export. */
const EXPORT_PAGE = 1000;

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
    private readonly repo: ResidentsImportRepository,
  ) {}

  async import(actor: Actor, query: ImportQueryDto, body: AsyncIterable<Buffer>): Promise<ImportResultDto> {
    assertVillageRole(actor, query.villageId, ['village_admin'], 'Village');
    const partial = query.partial === true;
    const result = await this.importInTransaction(actor, query.villageId, partial, body);
    // A bulk load leaves the planner's statistics behind until autovacuum catches up, and
    // search plans (trigram vs b-tree, join order) depend on them: refresh them at once after
    // a sizeable import (ANALYZE samples, ~0.1-0.3 s).
    if (result.created >= ANALYZE_AFTER) await this.repo.refreshAfterBulkLoad(this.dataSource);
    return result;
  }

  private async importInTransaction(actor: Actor, villageId: string, partial: boolean, body: AsyncIterable<Buffer>): Promise<ImportResultDto> {
    try {
      return await this.dataSource.transaction(async (tx) => {
        await assertVillageExists(tx, villageId);
        const run = new ImportRun(tx, actor, villageId, this.repo, this.ledger, this.audit, this.cipher);
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
      await assertVillageExists(tx, villageId);
      await this.audit.record(tx, actor, 'residents.exported', { type: 'village', id: villageId, villageId }, null, { format: 'csv' });
    });
    const { dataSource, cipher, repo } = this;
    async function* lines(): AsyncGenerator<string> {
      yield `\uFEFF${EXPORT_HEADER.join(',')}\r\n`;
      let after: ExportCursor | null = null;
      for (;;) {
        const rows = await repo.exportPage(dataSource, villageId, after, EXPORT_PAGE);
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
