import { Global, Injectable, Module } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { HouseholdCheck } from '../users/household-check';
import { Household } from './entities/household.entity';

@Injectable()
class HouseholdsInVillage implements HouseholdCheck {
  inVillage(tx: EntityManager, householdId: string, villageId: string): Promise<boolean> {
    return tx.existsBy(Household, { id: householdId, villageId });
  }
}

/** Global: users and API keys (the auth module) check resident grants through it. */
@Global()
@Module({ providers: [{ provide: HouseholdCheck, useClass: HouseholdsInVillage }], exports: [HouseholdCheck] })
export class HouseholdCheckModule {}
