import { DataSource } from 'typeorm';
import { Actor } from '../auth/actor';
import { AuditRepository } from '../audit/audit.repository';
import { AuditService } from '../audit/audit.service';
import { PiiCipher, PiiField } from '../residents/pii';
import { OpsError } from './pg-tools';

const ROTATION_ACTOR: Actor = { kind: 'system', id: null, name: 'cli:pii-rotate', grants: [], requestId: null, ip: null };
const FIRST_ID = '00000000-0000-0000-0000-000000000000';

export interface RotationProgress {
  /** Residents whose ID number or phone was re-encrypted by this run. */
  rekeyed: number;
  /** Residents already on the new key (an earlier, interrupted run did them). */
  alreadyNew: number;
  batches: number;
  /** false when --max-batches stopped the run before the end: run it again to go on. */
  complete: boolean;
}

interface Row {
  id: string;
  village_id: string;
  id_enc: Buffer | null;
  phone_enc: Buffer | null;
}

/**
 * Re-seals one value under the new key. A value that the new key already opens was done
 * by an earlier run (AES-GCM authenticates: a wrong key never "opens" a value), so a run
 * can stop anywhere and the next one continues. Null: nothing to do.
 */
function reseal(field: PiiField, sealed: Buffer, from: PiiCipher, to: PiiCipher, residentId: string): { enc: Buffer; hash: Buffer } | null {
  try {
    to.decrypt(field, sealed);
    return null;
  } catch {
    // not yet on the new key
  }
  let plain: string;
  try {
    plain = from.decrypt(field, sealed);
  } catch {
    throw new OpsError(`resident ${residentId}: neither PII_KEY nor the new key opens its ${field === 'id_number' ? 'ID number' : 'phone'}; is PII_KEY the key the API runs with?`);
  }
  // Stored values are already normalised (the API seals what it validated), so the
  // keyed hash of the clear value is the one the API computes for a search.
  return { enc: to.encrypt(field, plain), hash: to.hash(field, plain) };
}

/** API processes connected to this database (they would seal with the old key while we rotate). */
async function apiConnections(dataSource: DataSource): Promise<number> {
  const [{ n }] = await dataSource.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'jifen' AND pid <> pg_backend_pid()`,
  );
  return n;
}

/**
 * Re-encrypts every resident's ID number and phone from the `from` key to the `to` key and
 * recomputes their keyed hashes, `batchSize` residents per transaction (rows locked, one
 * audit event per village and batch). Runs with the API stopped: an API still on the old
 * key could not read rotated rows.
 */
export async function rotatePii(
  dataSource: DataSource,
  from: PiiCipher,
  to: PiiCipher,
  options: { batchSize: number; maxBatches?: number; onBatch?: (progress: RotationProgress) => void },
): Promise<RotationProgress> {
  const running = await apiConnections(dataSource);
  if (running > 0) throw new OpsError(`the API is connected to this database (${running} connections): stop every API process, rotate, then start them with the new PII_KEY`);
  const audit = new AuditService(new AuditRepository());
  const progress: RotationProgress = { rekeyed: 0, alreadyNew: 0, batches: 0, complete: false };
  let after = FIRST_ID;
  for (;;) {
    if (options.maxBatches !== undefined && progress.batches >= options.maxBatches) return progress;
    const last = await dataSource.transaction(async (tx) => {
      const rows: Row[] = await tx.query(
        `SELECT id, village_id, id_enc, phone_enc FROM residents
          WHERE id > $1 AND (id_enc IS NOT NULL OR phone_enc IS NOT NULL) ORDER BY id LIMIT $2 FOR UPDATE`,
        [after, options.batchSize],
      );
      if (!rows.length) return null;
      const ids: string[] = [];
      const idEnc: (Buffer | null)[] = [];
      const idHash: (Buffer | null)[] = [];
      const phoneEnc: (Buffer | null)[] = [];
      const phoneHash: (Buffer | null)[] = [];
      const perVillage = new Map<string, number>();
      for (const row of rows) {
        const id = row.id_enc ? reseal('id_number', row.id_enc, from, to, row.id) : null;
        const phone = row.phone_enc ? reseal('phone', row.phone_enc, from, to, row.id) : null;
        if (!id && !phone) {
          progress.alreadyNew++;
          continue;
        }
        ids.push(row.id);
        idEnc.push(id?.enc ?? null);
        idHash.push(id?.hash ?? null);
        phoneEnc.push(phone?.enc ?? null);
        phoneHash.push(phone?.hash ?? null);
        perVillage.set(row.village_id, (perVillage.get(row.village_id) ?? 0) + 1);
      }
      if (ids.length) {
        await tx.query(
          `UPDATE residents r SET id_enc = COALESCE(v.id_enc, r.id_enc), id_hash = COALESCE(v.id_hash, r.id_hash),
                                  phone_enc = COALESCE(v.phone_enc, r.phone_enc), phone_hash = COALESCE(v.phone_hash, r.phone_hash)
             FROM unnest($1::uuid[], $2::bytea[], $3::bytea[], $4::bytea[], $5::bytea[]) AS v(id, id_enc, id_hash, phone_enc, phone_hash)
            WHERE r.id = v.id`,
          [ids, idEnc, idHash, phoneEnc, phoneHash],
        );
        for (const [villageId, residents] of perVillage) {
          await audit.record(tx, ROTATION_ACTOR, 'residents.pii_rekeyed', { type: 'village', id: villageId, villageId }, null, { residents });
        }
        progress.rekeyed += ids.length;
      }
      return rows[rows.length - 1].id;
    });
    if (last === null) {
      progress.complete = true;
      return progress;
    }
    after = last;
    progress.batches++;
    options.onBatch?.(progress);
  }
}
