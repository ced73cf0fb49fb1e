import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One audit event. Append-only (database triggers refuse UPDATE, DELETE and TRUNCATE,
 * except the one-time sealing that sets chain_seq and hash). Chained per village:
 * hash = sha256(prev_hash || canonical event), see audit-chain.ts.
 */
@Entity({ name: 'audit_events' })
@Index('audit_events_village_id_idx', ['villageId', 'id'])
@Index('audit_events_entity_idx', ['entityType', 'entityId', 'id'])
@Index('audit_events_actor_idx', ['actorId', 'id'])
@Index('audit_events_chain_idx', ['chainId', 'chainSeq'], { unique: true, where: 'chain_seq IS NOT NULL' })
@Index('audit_events_unsealed_idx', ['id'], { where: 'hash IS NULL' })
export class AuditEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  occurredAt: Date;

  @Column({ name: 'actor_kind', type: 'varchar', length: 16 })
  actorKind: string;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_name', type: 'varchar', length: 100 })
  actorName: string;

  @Column({ name: 'actor_roles', type: 'text', array: true, default: () => "'{}'" })
  actorRoles: string[];

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ name: 'entity_type', type: 'varchar', length: 64 })
  entityType: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 64, nullable: true })
  entityId: string | null;

  @Column({ name: 'village_id', type: 'uuid', nullable: true })
  villageId: string | null;

  /** The chain this event belongs to: its village, or the all-zero uuid for global events. */
  @Column({ name: 'chain_id', type: 'uuid' })
  chainId: string;

  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before: unknown;

  @Column({ type: 'jsonb', nullable: true })
  after: unknown;

  @Column({ name: 'chain_seq', type: 'bigint', nullable: true })
  chainSeq: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  hash: string | null;

  @Column({ name: 'sealed_at', type: 'timestamptz', nullable: true })
  sealedAt: Date | null;
}
