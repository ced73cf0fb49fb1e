import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AuthSession } from './session.entity';

/**
 * A refresh token, stored as its sha256 (tokens are 256-bit random, so a fast hash is
 * enough). Rotated on every use; all tokens of one login share a family (its session), and
 * presenting an already-used token more than a few seconds after its use revokes the session
 * (it was stolen or replayed).
 */
@Entity({ name: 'refresh_tokens' })
@Index('refresh_tokens_family_idx', ['familyId'])
export class RefreshToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** The session (auth_sessions.id) the token belongs to. */
  @Column({ name: 'family_id', type: 'uuid' })
  familyId: string;

  @ManyToOne(() => AuthSession, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'family_id', foreignKeyConstraintName: 'refresh_tokens_session_fk' })
  session?: AuthSession;

  @Index('refresh_tokens_hash_key', { unique: true })
  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
