import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';

/**
 * A machine client's key: shown once, stored as sha256 (256 random bits need no slow hash).
 * A key acts on the authority of the user it was derived from (`ownerUserId`: the user who
 * created it, or who created the key that created it): it stops working while that user is
 * disabled. A key minted by a key (`parentKeyId`) is revoked with it and never outlives it.
 */
@Entity({ name: 'api_keys' })
@Index('api_keys_parent_idx', ['parentKeyId'])
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** First characters of the key, so an operator can tell keys apart. */
  @Column({ type: 'varchar', length: 16 })
  prefix: string;

  @Index('api_keys_hash_key', { unique: true })
  @Column({ name: 'key_hash', type: 'char', length: 64 })
  keyHash: string;

  @Column({ name: 'owner_user_id', type: 'uuid', nullable: true })
  ownerUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'owner_user_id', foreignKeyConstraintName: 'api_keys_owner_fk' })
  owner?: User;

  @Column({ name: 'parent_key_id', type: 'uuid', nullable: true })
  parentKeyId: string | null;

  @ManyToOne(() => ApiKey, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'parent_key_id', foreignKeyConstraintName: 'api_keys_parent_fk' })
  parent?: ApiKey;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
