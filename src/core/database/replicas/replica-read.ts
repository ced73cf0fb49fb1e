import { CallHandler, ExecutionContext, Injectable, NestInterceptor, UseInterceptors, applyDecorators } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Observable, from, lastValueFrom } from 'rxjs';
import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from '../../errors/error-mapping';
import { CONSISTENCY_HEADER, consistencyOf } from './lsn';
import { ReadRouter } from './read-router';

/** A query a replica cancelled because replay needed its rows (hot standby conflict): the primary answers it. */
function isRecoveryConflict(error: unknown): boolean {
  return error instanceof QueryFailedError && ['40001', '57014'].includes((error.driverError as { code?: string }).code ?? '') && /recovery/.test(error.message);
}

/**
 * Behind @ReplicaRead(): runs the handler on a replica when one is in use and (with the
 * client's consistency token) has replayed the client's last write; otherwise on the primary.
 * A replica that fails under the read (stopped, cut off) is taken out at once and the read is
 * answered by the primary: a read has no effects, so running the handler again is safe.
 */
@Injectable()
export class ReplicaReadInterceptor implements NestInterceptor {
  constructor(private readonly router: ReadRouter) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.router.enabled) return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const onPrimary = () => {
      this.router.reads.primary++;
      return lastValueFrom(next.handle(), { defaultValue: undefined });
    };
    return from(
      (async () => {
        const replica = await this.router.choose(consistencyOf(request.headers[CONSISTENCY_HEADER.toLowerCase()]));
        if (!replica) return onPrimary();
        try {
          const result = await this.router.onReplica(replica, () => lastValueFrom(next.handle(), { defaultValue: undefined }));
          this.router.reads.replica++;
          return result;
        } catch (error) {
          if (isDatabaseUnavailable(error)) replica.down(error);
          else if (!isRecoveryConflict(error)) throw error;
          return onPrimary();
        }
      })(),
    );
  }
}

/**
 * A read-only route that a streaming replica may serve (DATABASE_REPLICA_URLS). One line per
 * route. The handler must not write outside a transaction (transactions stay on the primary).
 */
export const ReplicaRead = () =>
  applyDecorators(
    UseInterceptors(ReplicaReadInterceptor),
    ApiHeader({
      name: CONSISTENCY_HEADER,
      required: false,
      description:
        'The value of the X-Jifen-Consistency header of your last write: with read replicas, the answer then includes that write (a replica serves it once it has replayed that far, else the primary). Without it any replica in use may answer.',
      schema: { type: 'string', pattern: '^[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}$', example: '0/3000148' },
    }),
  );
