import { ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from '../errors/errors';

/** A path id that is not a UUID cannot name a row: answer 404, as for any unknown id. */
export const UuidParam = new ParseUUIDPipe({
  exceptionFactory: () => new DomainError('not_found', 'No resource has this id'),
});
