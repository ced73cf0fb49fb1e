import { randomBytes } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, isAdmin } from '../core/identity/actor';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { OpsError } from './pg-tools';

/** Someone with shell access to the deployment: an admin by construction, named in the audit log. */
const OPERATOR: Actor = { kind: 'system', id: null, name: 'cli:admin-create', grants: [{ role: 'admin', villageId: null }], requestId: null, ip: null };

const USERNAME = /^[A-Za-z0-9._-]{3,64}$/;

export interface AdminResult {
  username: string;
  created: boolean;
  /** Shown once; only its argon2 hash is stored. */
  password: string;
}

/**
 * Creates an admin, or gives an existing admin a new password (and re-enables it; its
 * sessions end), through the users service: the change is audited like any other. An
 * existing user who is not an admin is left alone: promoting people is not this tool's job.
 */
export async function createOrResetAdmin(app: INestApplicationContext, username: string, displayName = 'Administrator'): Promise<AdminResult> {
  if (!USERNAME.test(username)) throw new OpsError(`--username: must be 3-64 letters, digits, ".", "_" or "-", got "${username}"`);
  const name = username.toLowerCase();
  const users = app.get(UsersService);
  const dataSource = app.get(DataSource);
  const password = randomBytes(18).toString('base64url');
  const existing = await dataSource.getRepository(User).findOneBy({ username: name });
  if (!existing) {
    await users.create(OPERATOR, { username: name, password, displayName, roles: [{ role: 'admin' }] });
    return { username: name, created: true, password };
  }
  const grants = await users.grantsOf(dataSource.manager, existing.id);
  if (!isAdmin({ ...OPERATOR, grants })) throw new OpsError(`the user "${name}" exists and is not an admin; choose another --username`);
  await users.update(OPERATOR, existing.id, { password, status: 'active' });
  return { username: name, created: false, password };
}
