import { EntityManager } from 'typeorm';
import { notFound } from '../common/errors';
import { Village } from './village.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A village named by its id or by its code (public pages take either, so a screen can be set up with the short code); 404 otherwise. */
export async function villageByIdOrCode(manager: EntityManager, idOrCode: string): Promise<Village> {
  const village = UUID.test(idOrCode) ? await manager.findOneBy(Village, { id: idOrCode }) : idOrCode.length <= 32 ? await manager.findOneBy(Village, { code: idOrCode }) : null;
  if (!village) throw notFound('Village');
  return village;
}

/** The village; 404 unless it exists. */
export async function villageById(manager: EntityManager, id: string): Promise<Village> {
  const village = await manager.findOneBy(Village, { id });
  if (!village) throw notFound('Village');
  return village;
}

/** Villages by code (at most 500), all or those whose free-text township is `township`. */
export function villagesByTownshipName(manager: EntityManager, township: string | undefined): Promise<Village[]> {
  return manager.find(Village, { where: township ? { township } : {}, order: { code: 'ASC' }, take: 500 });
}

/** 404 unless the village exists. */
export async function assertVillageExists(manager: EntityManager, id: string): Promise<void> {
  if (!(await manager.existsBy(Village, { id }))) throw notFound('Village');
}

/** Villages whose points expire once a year (settings.pointsExpiry.mode = 'annual'). */
export function villagesWithAnnualExpiry(manager: EntityManager): Promise<Village[]> {
  return manager.getRepository(Village).createQueryBuilder('v').where(`v.settings->'pointsExpiry'->>'mode' = 'annual'`).getMany();
}

/** The village's code; 404 unless the village exists. */
export async function villageCodeOf(manager: EntityManager, id: string): Promise<string> {
  const village = await manager.findOne(Village, { select: { id: true, code: true }, where: { id } });
  if (!village) throw notFound('Village');
  return village.code;
}
