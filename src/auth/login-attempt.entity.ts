import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Failed logins, kept in PostgreSQL so that every API process sees the same counters. */
@Entity({ name: 'login_failures' })
@Index('login_failures_username_idx', ['username', 'attemptedAt'])
@Index('login_failures_ip_idx', ['ip', 'attemptedAt'])
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
