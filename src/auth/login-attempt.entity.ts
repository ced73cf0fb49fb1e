import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Failed logins, kept in PostgreSQL so that every API process sees the same counters. They
 * count per username and client address (a guesser elsewhere cannot lock a user out) and
 * per address; rows older than the lockout window are purged as new failures come in.
 */
@Entity({ name: 'login_failures' })
@Index('login_failures_username_ip_idx', ['username', 'ip', 'attemptedAt'])
@Index('login_failures_ip_idx', ['ip', 'attemptedAt'])
@Index('login_failures_attempted_idx', ['attemptedAt'])
export class LoginFailure {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ type: 'varchar', length: 64 })
  ip: string;

  @Column({ name: 'attempted_at', type: 'timestamptz' })
  attemptedAt: Date;
}
