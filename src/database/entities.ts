import { AuditEvent } from '../audit/audit-event.entity';
import { Village } from '../villages/village.entity';

/** Every entity of the app; the schema they describe is kept in step with the migrations by a test. */
export const ENTITIES = [
  Village,
  AuditEvent,
];
