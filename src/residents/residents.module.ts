import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { AppConfig } from '../core/config/config';
import { APP_CONFIG } from '../core/config/config.module';
import { DomainError } from '../core/errors/errors';
import { ResidentDuplicatesService } from './duplicates.service';
import { HouseholdsController } from './households.controller';
import { HouseholdsService } from './households.service';
import { MyHouseholdsController } from './my-households.controller';
import { MyHouseholdsService } from './my-households.service';
import { PersonalSearchLimiter } from './personal-search.limiter';
import { PersonalSearchRepository } from './personal-search.repository';
import { PiiCipher } from './pii';
import { ResidentsController } from './residents.controller';
import { ResidentLoginsController } from './resident-logins.controller';
import { ResidentLoginsService } from './resident-logins.service';
import { UsersModule } from '../users/users.module';
import { HouseholdCheckModule } from './household-check.module';
import { ResidentsImportRepository } from './residents-import.repository';
import { ResidentsImportService } from './residents-import.service';
import { ResidentsRepository } from './residents.repository';
import { ResidentsService } from './residents.service';

/** Content types of a CSV upload (Windows often labels .csv as Excel). */
export const CSV_CONTENT_TYPES = ['text/csv', 'application/csv', 'application/vnd.ms-excel'];

/** The one route that takes a CSV body. */
const CSV_ROUTES = new Set(['/v1/residents/import']);

/** Households and residents: the village roster, card look-up, personal data, CSV import/export. */
@Module({
  imports: [UsersModule, HouseholdCheckModule],
  controllers: [HouseholdsController, ResidentsController, ResidentLoginsController, MyHouseholdsController],
  providers: [
    MyHouseholdsService,
    { provide: PiiCipher, useFactory: (config: AppConfig) => new PiiCipher(config.piiKey), inject: [APP_CONFIG] },
    ResidentsRepository,
    PersonalSearchLimiter,
    PersonalSearchRepository,
    HouseholdsService,
    ResidentsService,
    ResidentsImportRepository,
    ResidentsImportService,
    ResidentDuplicatesService,
    ResidentLoginsService,
  ],
  exports: [HouseholdsService, ResidentsService, PiiCipher],
})
export class ResidentsModule implements OnModuleInit {
  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  /**
   * CSV bodies reach the import handler as the raw request stream (not buffered, not under
   * the 1 MiB JSON body limit): the import reads it in batches and bounds its size itself.
   * Only there: any other route would hand the stream to its DTO's validation pipe, whose
   * class-transformer walk of the stream's internals overflowed the stack and aborted the
   * whole process (one unauthenticated `POST /v1/auth/login` with `Content-Type: text/csv`).
   */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (!fastify || typeof fastify.addContentTypeParser !== 'function') return;
    for (const type of CSV_CONTENT_TYPES) {
      if (fastify.hasContentTypeParser(type)) continue;
      fastify.addContentTypeParser(type, (request, payload, done) => {
        if (CSV_ROUTES.has(request.routeOptions?.url ?? '')) return done(null, payload);
        done(new DomainError('unsupported_media_type', 'This route accepts application/json only'), undefined);
      });
    }
  }
}
