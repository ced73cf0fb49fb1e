import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One exact search by ID number or phone made by a caller who sees those numbers masked,
 * kept for an hour: the rows of the last hour are that caller's budget (PersonalSearchLimiter).
 * In PostgreSQL so that every API process counts the same searches.
 */
@Entity({ name: 'personal_searches' })
@Index('personal_searches_actor_idx', ['actorKey', 'searchedAt'])
export class PersonalSearchLog {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  /** `user:<id>` or `api_key:<id>`. */
  @Column({ name: 'actor_key', type: 'varchar', length: 80 })
  actorKey: string;

  @Column({ name: 'village_id', type: 'uuid' })
  villageId: string;

  @Column({ name: 'searched_at', type: 'timestamptz' })
  searchedAt: Date;
}
