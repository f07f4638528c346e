import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { catchError, Observable, throwError } from 'rxjs';
import { OutsideJurisdictionError } from '../kernel/outside-jurisdiction';
import { ACCESS_METADATA, AccessRule, OutsideAnswer } from '../kernel/access.decorators';
import { outsideAnswer } from '../kernel/jurisdiction';

/**
 * The one place a target outside the jurisdiction gets its answer: the operation's declaration
 * (`@Allow(permission, { outside })`, FORBIDDEN unless it says NOT_FOUND), for every GraphQL operation and HTTP route.
 * Services throw OutsideJurisdictionError (kernel/jurisdiction.ts) and never pick the code; the authorization matrix
 * (test/auth/matrix/) and docs/authorization.md read the same declarations. A field resolver runs no interceptor
 * (graphql.module.ts: guards only): what escapes one is answered by the formatter as the default, FORBIDDEN.
 */
@Injectable()
export class OutsideJurisdictionInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [execution.getHandler(), execution.getClass()]);
    const declared: OutsideAnswer = rule?.kind === 'PERMISSION' ? rule.outside : 'FORBIDDEN';
    return next.handle().pipe(catchError((error: unknown) =>
      throwError(() => (error instanceof OutsideJurisdictionError ? outsideAnswer(error, declared) : error))));
  }
}
