import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AuditRepository } from './audit.repository';
import type { AuditEventRecord } from './audit.types';

export const GENESIS_HASH = '0'.repeat(64);

/** An event as the chain hashes it: its record's fields (before and after as JSON text) and its place. */
export interface CanonicalRow extends Omit<AuditEventRecord, 'before' | 'after'> {
  id: string;
  chain_id: string;
  chain_seq: string | null;
  hash: string | null;
  occurred_at: string;
  before: string | null;
  after: string | null;
}

/** sha256 over the previous hash and the event's canonical content at its chain position. */
export function eventHash(prevHash: string, seq: string, row: CanonicalRow): string {
  const canonical = JSON.stringify([
    row.id,
    row.chain_id,
    seq,
    row.occurred_at,
    row.actor_kind,
    row.actor_id,
    row.actor_name,
    row.actor_roles,
    row.action,
    row.entity_type,
    row.entity_id,
    row.village_id,
    row.request_id,
    row.ip,
    row.before,
    row.after,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBrokenId: string | null;
  problem: string | null;
}

const BATCH = 5_000;
/** Stateless; verification also runs outside the Nest container (the CLI, a restore). */
const events = new AuditRepository();

/**
 * Walks one chain in sequence order and recomputes every hash. An edited event breaks
 * its own hash; a deleted one leaves a gap in the sequence; two swapped events each sit
 * at a position their hash was not made for. A truncated tail is caught by comparing
 * with a published digest (GET /v1/audit-events/digest).
 */
export async function verifyChain(manager: EntityManager, chainId: string): Promise<ChainVerification> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1n;
  let checked = 0;
  for (;;) {
    const rows = await events.chainFrom(manager, chainId, expectedSeq.toString(), BATCH);
    for (const row of rows) {
      if (BigInt(row.chain_seq as string) !== expectedSeq) {
        return { ok: false, checked, firstBrokenId: row.id, problem: `chain position ${expectedSeq} is missing (event deleted?) before event ${row.id}` };
      }
      if (eventHash(prevHash, row.chain_seq as string, row) !== row.hash) {
        return { ok: false, checked, firstBrokenId: row.id, problem: `event ${row.id} does not match its hash (edited or moved)` };
      }
      prevHash = row.hash;
      expectedSeq++;
      checked++;
    }
    if (rows.length < BATCH) return { ok: true, checked, firstBrokenId: null, problem: null };
  }
}
