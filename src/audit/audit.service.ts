import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, grantReaches } from '../auth/actor';
import { AuditEventRecord, AuditSubject, Json, SECRET_KEYS } from './audit.types';
import { AuditRepository } from './audit.repository';

/** Removes secrets at any depth and turns Dates and bigints into JSON values. */
export function scrub(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(scrub);
  if (typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (SECRET_KEYS.has(k) || v === undefined) continue;
      out[k] = scrub(v);
    }
    return out;
  }
  return value as Json;
}

/** Keeps only the fields that changed between before and after (both scrubbed). */
export function changedFields(before: Json, after: Json): { before: Json; after: Json } {
  if (!before || !after || typeof before !== 'object' || typeof after !== 'object' || Array.isArray(before) || Array.isArray(after)) {
    return { before, after };
  }
  const b: { [key: string]: Json } = {};
  const a: { [key: string]: Json } = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null)) {
      b[key] = before[key] ?? null;
      a[key] = after[key] ?? null;
    }
  }
  return { before: b, after: a };
}

/** One event's record (secrets scrubbed, only changed fields kept, roles those held in the subject's village). */
export function auditEvent(actor: Actor, action: string, subject: AuditSubject, before: unknown = null, after: unknown = null): AuditEventRecord {
  const diff = changedFields(scrub(before), scrub(after));
  const role = subject.villageId
    ? actor.grants.filter((g) => grantReaches(g, subject.villageId as string)).map((g) => g.role)
    : actor.grants.map((g) => g.role);
  return {
    actor_kind: actor.kind,
    actor_id: actor.id,
    actor_name: actor.name,
    actor_roles: [...new Set(role)],
    action,
    entity_type: subject.type,
    entity_id: subject.id,
    village_id: subject.villageId,
    request_id: actor.requestId,
    ip: actor.ip,
    before: diff.before,
    after: diff.after,
  };
}

@Injectable()
export class AuditService {
  constructor(private readonly repo: AuditRepository) {}

  /**
   * Writes one audit event inside the caller's transaction, so the change and its event
   * commit or roll back together. The event is chained (seq, hash) shortly after commit
   * by the sealer (audit-sealer.service.ts): the write path takes no chain lock.
   * (The ledger's posting statement writes a posting's event through the same SQL function.)
   */
  async record(
    tx: EntityManager,
    actor: Actor,
    action: string,
    subject: AuditSubject,
    before: unknown = null,
    after: unknown = null,
  ): Promise<void> {
    await this.repo.insertEvent(tx, auditEvent(actor, action, subject, before, after));
  }

  /**
   * The same event once in each village's chain (null: the global chain), for changes that
   * concern several villages at once, such as a user or an API key holding roles in two. One
   * event per chain, rather than one event listing its villages: each village's auditor then
   * reads it under `?villageId=` and verifies it in their own chain, whose digest covers it;
   * a list column would put it in one chain only, unverifiable by the others.
   */
  async recordInVillages(
    tx: EntityManager,
    actor: Actor,
    action: string,
    subject: Omit<AuditSubject, 'villageId'>,
    villageIds: (string | null)[],
    before: unknown = null,
    after: unknown = null,
  ): Promise<void> {
    const villages = villageIds.length ? [...new Set(villageIds)] : [null];
    for (const villageId of villages) await this.record(tx, actor, action, { ...subject, villageId }, before, after);
  }
}
