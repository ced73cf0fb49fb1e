import * as iconv from 'iconv-lite';
import { TextDecoder } from 'node:util';

/** One CSV record and the (1-based) physical line it starts on, as a spreadsheet shows it. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvFormatError extends Error {}

const PROBE_BYTES = 64 * 1024;

/**
 * Turns the bytes of a CSV as village staff export it from Excel into text: UTF-8 with a BOM
 * ("CSV UTF-8"), UTF-8 without one, or GBK (Excel's "CSV" on a Chinese Windows, read here as
 * GB18030, its superset). Without a BOM the first 64 KiB decide: bytes that are not valid
 * UTF-8 mean GBK. UTF-16 ("Unicode text") is refused with a hint.
 */
export class CsvDecoder {
  encoding: 'utf-8' | 'gbk' | null = null;
  private head: Buffer[] = [];
  private headBytes = 0;
  private utf8: TextDecoder | null = null;
  private gbk: ReturnType<typeof iconv.getDecoder> | null = null;
  private offset = 0;

  push(chunk: Buffer): string {
    if (this.encoding === null) {
      this.head.push(chunk);
      this.headBytes += chunk.length;
      if (this.headBytes < PROBE_BYTES) return '';
      return this.decide();
    }
    return this.decode(chunk);
  }

  end(): string {
    let text = this.encoding === null ? this.decide() : '';
    if (this.utf8) {
      try {
        text += this.utf8.decode();
      } catch {
        throw new CsvFormatError('the file ends in the middle of a UTF-8 character');
      }
    }
    if (this.gbk) text += this.gbk.end() ?? '';
    return text;
  }

  private decide(): string {
    let head = Buffer.concat(this.head);
    this.head = [];
    if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
      throw new CsvFormatError('the file is UTF-16 ("Unicode text"): save it from Excel as "CSV UTF-8" or "CSV"');
    }
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
      head = head.subarray(3);
      this.encoding = 'utf-8';
    } else {
      try {
        // stream: true tolerates a character cut at the end of the probe.
        new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
        this.encoding = 'utf-8';
      } catch {
        this.encoding = 'gbk';
      }
    }
    if (this.encoding === 'utf-8') this.utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    else this.gbk = iconv.getDecoder('gb18030');
    return this.decode(head);
  }

  private decode(chunk: Buffer): string {
    const at = this.offset;
    this.offset += chunk.length;
    if (this.gbk) return this.gbk.write(chunk);
    try {
      return this.utf8!.decode(chunk, { stream: true });
    } catch {
      throw new CsvFormatError(`the file is not valid UTF-8 near byte ${at}: save it from Excel as "CSV UTF-8" or "CSV"`);
    }
  }
}

/** What one record may hold: a record past these is refused as it is read, never buffered whole. */
export interface CsvLimits {
  /** Characters of one field. */
  fieldChars: number;
  /** Fields of one record (the roster has a dozen columns; Excel may add empty ones). */
  fieldsPerRecord: number;
  /** Characters of one record, separators and quoted line breaks included. */
  recordChars: number;
}

export const CSV_LIMITS: CsvLimits = { fieldChars: 10_000, fieldsPerRecord: 100, recordChars: 64 * 1024 };

/**
 * RFC 4180 CSV, incrementally: quoted fields may hold commas, doubled quotes and line breaks;
 * CRLF, LF and CR all end a record. Records whose fields are all empty (Excel writes ",,,,"
 * for blank rows) are skipped. Every record is bounded (CsvLimits): one line of 66 MB of
 * "a,a,a,…" was kept whole, as 33 million strings (0.15 to 1.1 GB of RSS), until the
 * body's size limit stopped it.
 *
 * Hand-written rather than csv-parse, measured: on 100,000 roster lines csv-parse took
 * 1.0 s against 0.3-0.6 s here, and it cannot bound the fields of a record (its
 * max_record_size does not count empty fields, so ",,,,…" grows unbounded) except through
 * a per-field cast callback, which took 7.7 s.
 */
export class CsvParser {
  private field = '';
  private fields: string[] = [];
  /** 'start' of a field, 'plain' text, 'quoted' text, 'quote' seen inside quoted text. */
  private state: 'start' | 'plain' | 'quoted' | 'quote' = 'start';
  private pendingCr = false;
  private line = 1;
  private recordLine = 1;
  private recordChars = 0;

  constructor(private readonly limits: CsvLimits = CSV_LIMITS) {}

  push(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (++this.recordChars > this.limits.recordChars) {
        throw new CsvFormatError(`line ${this.recordLine}: a line is longer than ${this.limits.recordChars} characters`);
      }
      if (this.pendingCr) {
        this.pendingCr = false;
        if (c === '\n') continue;
      }
      if (this.state === 'quote') {
        // A quote inside a quoted field: doubled means a literal quote, else the field's text ended.
        if (c === '"') {
          this.field += '"';
          this.state = 'quoted';
          continue;
        }
        this.state = 'plain';
      }
      if (this.state === 'quoted') {
        if (c === '"') {
          this.state = 'quote';
        } else {
          if (c === '\n' || c === '\r') {
            this.line++;
            if (c === '\r') this.pendingCr = true;
          }
          this.field += c;
          this.checkLength();
        }
        continue;
      }
      if (c === ',') {
        this.endField();
      } else if (c === '\n' || c === '\r') {
        this.endRecord(out);
        this.line++;
        this.recordLine = this.line;
        if (c === '\r') this.pendingCr = true;
      } else if (c === '"' && this.state === 'start') {
        this.state = 'quoted';
      } else {
        this.field += c;
        this.state = 'plain';
        this.checkLength();
      }
    }
    return out;
  }

  end(): CsvRecord[] {
    if (this.state === 'quoted') throw new CsvFormatError(`line ${this.recordLine}: a quoted field is not closed`);
    const out: CsvRecord[] = [];
    this.endRecord(out);
    return out;
  }

  private checkLength(): void {
    if (this.field.length > this.limits.fieldChars) {
      throw new CsvFormatError(`line ${this.recordLine}: a field is longer than ${this.limits.fieldChars} characters`);
    }
  }

  private endField(): void {
    if (this.fields.length >= this.limits.fieldsPerRecord) {
      throw new CsvFormatError(`line ${this.recordLine}: more than ${this.limits.fieldsPerRecord} fields`);
    }
    this.fields.push(this.field);
    this.field = '';
    this.state = 'start';
  }

  private endRecord(out: CsvRecord[]): void {
    this.endField();
    const fields = this.fields;
    this.fields = [];
    this.recordChars = 0;
    if (fields.some((f) => f.trim() !== '')) out.push({ line: this.recordLine, fields });
  }
}

/** Decodes and parses a byte stream, yielding records in batches (memory bounded by the batch). */
export async function* csvBatches(
  source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  batchSize: number,
  decoder: CsvDecoder = new CsvDecoder(),
  limits: CsvLimits = CSV_LIMITS,
): AsyncGenerator<CsvRecord[]> {
  const parser = new CsvParser(limits);
  let batch: CsvRecord[] = [];
  for await (const chunk of source) {
    const records = parser.push(decoder.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
    for (const record of records) {
      batch.push(record);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  batch.push(...parser.push(decoder.end()), ...parser.end());
  while (batch.length > 0) yield batch.splice(0, batchSize);
}
