import { Actor, isAdmin, rolesIn } from '../core/identity/actor';
import { HouseholdDto } from './dto/household.dto';
import { ResidentDto } from './dto/resident.dto';
import { Household } from './entities/household.entity';
import { Resident } from './entities/resident.entity';
import { maskIdNumber, maskPhone } from '../core/vocabulary/masking';
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
    contactUserId: h.contactUserId,
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

/** The birth year of a YYYY-MM-DD date: all of the birth date that a masked view shows. */
const birthYearOf = (birthDate: string | null): number | null => (birthDate ? Number(birthDate.slice(0, 4)) : null);

/**
 * A resident as the API shows them. Masked (`reveal` false): the ID number keeps its region
 * and last two characters, and the birth date and gender are withheld (birth year only):
 * with the masked number they left about ten candidates, which an exact-number search
 * could then confirm one by one.
 */
export function toResidentDto(r: Resident, cipher: PiiCipher, reveal: boolean): ResidentDto {
  const clear = decryptResident(r, cipher);
  return {
    id: r.id,
    villageId: r.villageId,
    householdId: r.householdId,
    name: r.name,
    idNumber: clear.idNumber === null ? null : reveal ? clear.idNumber : maskIdNumber(clear.idNumber),
    phone: clear.phone === null ? null : reveal ? clear.phone : maskPhone(clear.phone),
    gender: reveal ? r.gender : null,
    birthDate: reveal ? r.birthDate : null,
    birthYear: birthYearOf(r.birthDate),
    isHead: r.isHead,
    relation: r.relation,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** What an audit event may hold about a resident: personal data as masked as in toResidentDto (auditors read it). */
export function residentAuditView(r: Resident, cipher: PiiCipher): Record<string, unknown> {
  const clear = decryptResident(r, cipher);
  return {
    householdId: r.householdId,
    name: r.name,
    idNumber: clear.idNumber === null ? null : maskIdNumber(clear.idNumber),
    phone: clear.phone === null ? null : maskPhone(clear.phone),
    birthYear: birthYearOf(r.birthDate),
    isHead: r.isHead,
    relation: r.relation,
    status: r.status,
  };
}

export function householdAuditView(h: Household): Record<string, unknown> {
  return { code: h.code, address: h.address, cardNo: h.cardNo, group: h.groupName, contactUserId: h.contactUserId, status: h.status, accountId: h.accountId };
}
