import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor, assertVillageRole } from '../auth/actor';
import { hashOneTimePassword } from '../auth/secrets';
import { DomainError, notFound } from '../common/errors';
import { canGrant } from '../users/grants';
import { UsersService } from '../users/users.service';
import { villageCodeOf } from '../villages/village-lookup';
import { CreateResidentLoginsDto, CreatedResidentLoginDto, ResidentLoginsDto, SkippedResidentLoginDto } from './dto/resident-logins.dto';
import { PiiCipher } from './pii';
import { LoginCandidate, ResidentsRepository } from './residents.repository';

/** No 0/O, 1/l/I: read off a printed slip and typed on a phone. */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const PASSWORD_LENGTH = 12;
/** argon2 runs on libuv's thread pool (4 threads by default): more in flight only queues there. */
const HASH_CONCURRENCY = 4;

const oneTimePassword = (): string => Array.from({ length: PASSWORD_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

/** A username from the village and household codes: lower case, anything outside [a-z0-9._-] becomes `-`. */
export function usernameFromCodes(villageCode: string, householdCode: string): string | null {
  const name = `${villageCode}-${householdCode}`.toLowerCase().replace(/[^a-z0-9._-]/g, '-').slice(0, 64);
  return /^[a-z0-9._-]{3,64}$/.test(name) ? name : null;
}

async function mapBounded<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Resident onboarding: one login per household head, created in bulk from the roster, each
 * with a one-time password returned once (for printing slips). The logins must change the
 * password at first use (users.must_change_password). All created or none: one transaction.
 */
@Injectable()
export class ResidentLoginsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly cipher: PiiCipher,
    private readonly repo: ResidentsRepository,
  ) {}

  async create(actor: Actor, villageId: string, dto: CreateResidentLoginsDto): Promise<ResidentLoginsDto> {
    assertVillageRole(actor, villageId, ['village_admin', 'township_admin'], 'Village');
    // The same rule as creating one user: the caller must be able to grant the role (an API key only roles it holds).
    if (!canGrant(actor, { role: 'resident', villageId })) throw new DomainError('forbidden', 'This caller cannot grant the resident role in that village');
    const villageCode = await villageCodeOf(this.dataSource.manager, villageId);
    const wanted = dto.householdIds ? [...new Set(dto.householdIds)] : null;
    const candidates = await this.repo.loginCandidates(this.dataSource.manager, villageId, wanted);
    const skipped: SkippedResidentLoginDto[] = [];
    const found = new Set(candidates.map((c) => c.id));
    for (const id of wanted ?? []) if (!found.has(id)) skipped.push({ householdId: id, householdCode: null, reason: 'not_found' });
    const planned: { household: LoginCandidate; username: string }[] = [];
    const usernames = new Set<string>();
    for (const household of candidates) {
      const skip = (reason: SkippedResidentLoginDto['reason']) => skipped.push({ householdId: household.id, householdCode: household.code, reason });
      if (household.has_login) {
        if (wanted) skip('has_login');
        continue;
      }
      if (!household.head_name) {
        skip('no_head');
        continue;
      }
      let username: string | null;
      if (dto.usernameFrom === 'phone') {
        username = household.phone_enc ? this.cipher.decrypt('phone', household.phone_enc) : null;
        if (!username) {
          skip('no_phone');
          continue;
        }
      } else {
        username = usernameFromCodes(villageCode, household.code);
      }
      if (!username || usernames.has(username)) {
        skip('username_taken');
        continue;
      }
      usernames.add(username);
      planned.push({ household, username });
    }
    const taken = new Set(await this.users.existingUsernames([...usernames]));
    const creating = planned.filter((p) => {
      if (!taken.has(p.username)) return true;
      skipped.push({ householdId: p.household.id, householdCode: p.household.code, reason: 'username_taken' });
      return false;
    });
    // The hashing is the cost (CPU, outside the transaction); see hashOneTimePassword for its parameters.
    const logins = await mapBounded(creating, HASH_CONCURRENCY, async (p) => {
      const password = oneTimePassword();
      return { ...p, password, passwordHash: await hashOneTimePassword(password) };
    });
    const ids = await this.dataSource.transaction((tx) =>
      this.users.insertResidentLogins(
        tx,
        actor,
        villageId,
        logins.map((l) => ({ username: l.username, displayName: l.household.head_name!, passwordHash: l.passwordHash, householdId: l.household.id })),
      ),
    );
    const created: CreatedResidentLoginDto[] = logins.map((l, i) => ({
      userId: ids[i],
      householdId: l.household.id,
      householdCode: l.household.code,
      headName: l.household.head_name!,
      username: l.username,
      initialPassword: l.password,
    }));
    return { created, skipped };
  }
}
