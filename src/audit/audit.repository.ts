import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { CanonicalRow } from './audit-chain';
import type { AuditEventRecord } from './audit.types';

/**
 * The columns that a hash covers (note: `chain_seq` is selected as text, so ORDER BY must
 * name the table's column, audit_events.chain_seq, or it sorts "10" before "2"), as PostgreSQL renders them: jsonb as its canonical text,
 * times with microseconds in UTC, so the sealer and the verifier see the same bytes.
 */
export const CANONICAL_COLUMNS = `id::text AS id, chain_id::text AS chain_id, chain_seq::text AS chain_seq, hash,
  to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
  actor_kind, actor_id::text AS actor_id, actor_name, actor_roles, action, entity_type, entity_id,
  village_id::text AS village_id, request_id, ip, before::text AS before, after::text AS after`;

/** The position and hash of the last sealed event of a chain. */
export interface ChainHead {
  seq: string;
  hash: string;
  sealed_at: Date;
}

/** The SQL of the audit log: inserting events, sealing them into their chains, reading the chains. */
@Injectable()
export class AuditRepository {
  /** Inserts through the SQL function the ledger's posting statement uses too. */
  async insertEvent(tx: EntityManager, event: AuditEventRecord): Promise<void> {
    await tx.query(`SELECT audit_event_insert($1::jsonb)`, [JSON.stringify(event)]);
  }

  /** A transaction-scoped advisory lock; false when another transaction holds it. */
  async tryLock(tx: EntityManager, key: number): Promise<boolean> {
    const [{ locked }]: { locked: boolean }[] = await tx.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [key]);
    return locked;
  }

  /** The oldest events not yet sealed, in insertion order. */
  async unsealed(tx: EntityManager, limit: number): Promise<CanonicalRow[]> {
    return tx.query(`SELECT ${CANONICAL_COLUMNS} FROM audit_events WHERE hash IS NULL ORDER BY id LIMIT ${limit}`);
  }

  async chainHead(manager: EntityManager, chainId: string): Promise<ChainHead | null> {
    const rows: ChainHead[] = await manager.query(
      `SELECT chain_seq::text AS seq, hash, sealed_at FROM audit_events WHERE chain_id = $1 AND chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1`,
      [chainId],
    );
    return rows[0] ?? null;
  }

  /** Gives events (ids[i]) their chain position (seqs[i]) and hash (hashes[i]). */
  async seal(tx: EntityManager, ids: string[], seqs: string[], hashes: string[]): Promise<void> {
    await tx.query(
      `UPDATE audit_events e SET chain_seq = v.seq, hash = v.hash, sealed_at = clock_timestamp()
       FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS v(id, seq, hash) WHERE e.id = v.id`,
      [ids, seqs, hashes],
    );
  }

  /** Every chain that holds an event. */
  async chainIds(manager: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await manager.query('SELECT DISTINCT chain_id::text AS id FROM audit_events ORDER BY 1');
    return rows.map((r) => r.id);
  }

  /** Sealed events of a chain from position `fromSeq` on, in chain order. */
  async chainFrom(manager: EntityManager, chainId: string, fromSeq: string, limit: number): Promise<CanonicalRow[]> {
    return manager.query(
      `SELECT ${CANONICAL_COLUMNS} FROM audit_events
       WHERE chain_id = $1 AND chain_seq IS NOT NULL AND chain_seq >= $2 ORDER BY audit_events.chain_seq LIMIT ${limit}`,
      [chainId, fromSeq],
    );
  }
}
