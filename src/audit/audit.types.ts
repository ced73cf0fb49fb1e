/** The entity an audit event is about. */
export interface AuditSubject {
  type: string;
  id: string | null;
  /** null for events outside any village (logins, admins, what concerns no village). */
  villageId: string | null;
}

/**
 * Keys whose values never reach an audit event, at any depth (passwords, tokens, keys,
 * personal data in clear). Modules mask personal data themselves before recording.
 */
export const SECRET_KEYS = new Set(['password', 'passwordHash', 'refreshToken', 'accessToken', 'token', 'key', 'keyHash', 'secret']);

/** The chain of events outside any village (logins, admins and their keys). */
export const GLOBAL_CHAIN = '00000000-0000-0000-0000-000000000000';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * One audit event's fields, named as its columns: what audit_event_insert (the one INSERT of
 * an event) takes as its jsonb record. chain_id follows from village_id.
 */
export interface AuditEventRecord {
  actor_kind: string;
  actor_id: string | null;
  actor_name: string;
  actor_roles: string[];
  action: string;
  entity_type: string;
  entity_id: string | null;
  village_id: string | null;
  request_id: string | null;
  ip: string | null;
  before: Json;
  after: Json;
}
