import { Actor, isAdmin, rolesIn } from '../auth/actor';
import { HouseholdDto } from './dto/household.dto';
import { ResidentDto } from './dto/resident.dto';
import { Household } from './entities/household.entity';
import { Resident } from './entities/resident.entity';
import { maskIdNumber, maskPhone } from './masking';
import { PiiCipher } from './pii';

/** ID numbers and phones in clear only for admin and the village's village_admin. */
export function seesPersonalData(actor: Actor, villageId: string): boolean {
  return isAdmin(actor) || rolesIn(actor, villageId).includes('village_admin');
}

export function toHouseholdDto(h: Household): HouseholdDto {
  return {
    id: h.id,
    villageId: h.villageId,
    code: h.code,
    address: h.address,
    cardNo: h.cardNo,
    group: h.groupName,
    status: h.status,
    accountId: h.accountId,
    version: h.version,
    closedAt: h.closedAt ? h.closedAt.toISOString() : null,
    createdAt: h.createdAt.toISOString(),
    updatedAt: h.updatedAt.toISOString(),
  };
}

export function decryptResident(r: Resident, cipher: PiiCipher): { idNumber: string | null; phone: string | null } {
  return {
    idNumber: r.idEnc ? cipher.decrypt('id_number', r.idEnc) : null,
    phone: r.phoneEnc ? cipher.decrypt('phone', r.phoneEnc) : null,
  };
}

export function toResidentDto(r: Resident, cipher: PiiCipher, reveal: boolean): ResidentDto {
  const clear = decryptResident(r, cipher);
  return {
    id: r.id,
    villageId: r.villageId,
    householdId: r.householdId,
    name: r.name,
    idNumber: clear.idNumber === null ? null : reveal ? clear.idNumber : maskIdNumber(clear.idNumber),
    phone: clear.phone === null ? null : reveal ? clear.phone : maskPhone(clear.phone),
    gender: r.gender,
    birthDate: r.birthDate,
    isHead: r.isHead,
    relation: r.relation,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** What an audit event may hold about a resident: personal data masked. */
export function residentAuditView(r: Resident, cipher: PiiCipher): Record<string, unknown> {
  const clear = decryptResident(r, cipher);
  return {
    householdId: r.householdId,
    name: r.name,
    idNumber: clear.idNumber === null ? null : maskIdNumber(clear.idNumber),
    phone: clear.phone === null ? null : maskPhone(clear.phone),
    gender: r.gender,
    birthDate: r.birthDate ? `${r.birthDate.slice(0, 4)}-**-**` : null,
    isHead: r.isHead,
    relation: r.relation,
    status: r.status,
  };
}

export function householdAuditView(h: Household): Record<string, unknown> {
  return { code: h.code, address: h.address, cardNo: h.cardNo, group: h.groupName, status: h.status, accountId: h.accountId };
}
