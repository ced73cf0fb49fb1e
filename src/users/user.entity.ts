import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A person who logs in: staff, or a resident linked to a household through a role grant. */
@Entity({ name: 'users' })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Unique regardless of case. */
  @Index('users_username_key', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ name: 'display_name', type: 'varchar', length: 100 })
  displayName: string;

  /** argon2id; never leaves the users module. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  /**
   * Read on every authenticated request (through AccessState, cached): a disabled user's
   * tokens stop working at once. Per-user flags the guard must enforce (a "must change
   * password" flag, say) belong beside it and in AccessState's user record.
   */
  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: 'active' | 'disabled';

  /** Set for a login handed out with a one-time password: it may only change it (403 password_change_required elsewhere) until it does. */
  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword: boolean;

  /** When the password was last set (created, reset by staff, or changed by the user). */
  @Column({ name: 'password_changed_at', type: 'timestamptz', nullable: true })
  passwordChangedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
