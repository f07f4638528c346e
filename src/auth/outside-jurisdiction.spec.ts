import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GraphQLError } from 'graphql';
import { firstValueFrom, throwError } from 'rxjs';
import { OutsideJurisdictionError } from '../kernel/outside-jurisdiction';
import { ConflictError } from '../kernel/errors';
import { formatGraphQLError } from '../graphql/format-error';
import { Allow } from '../kernel/access.decorators';
import { outsideAnswer, outsideAsMissing } from '../kernel/jurisdiction';
import { OutsideJurisdictionInterceptor } from './outside-jurisdiction.interceptor';
import { Permission } from '../kernel/permissions';

/** A target outside the jurisdiction: the service says so once, the operation's @Allow decides the answer (pure). */
describe('outside the jurisdiction: one error, answered as the operation declares', () => {
  class Operations {
    @Allow(Permission.INSPECTION_READ, { outside: 'NOT_FOUND' }) hidden(): void {}
    @Allow(Permission.INSPECTION_READ) open(): void {}
  }
  const interceptor = new OutsideJurisdictionInterceptor(new Reflector());
  const answerOf = async (handler: keyof Operations, error: Error) => {
    const execution = { getHandler: () => Operations.prototype[handler], getClass: () => Operations } as unknown as ExecutionContext;
    const next: CallHandler = { handle: () => throwError(() => error) };
    return firstValueFrom(interceptor.intercept(execution, next)).catch((e: unknown) => e as { extensions?: Record<string, unknown>; message: string });
  };

  it('a record outside: NOT_FOUND naming it where the operation declares NOT_FOUND, FORBIDDEN where it declares the default', async () => {
    expect(await answerOf('hidden', new OutsideJurisdictionError('隐患'))).toMatchObject({ message: '隐患不存在或无权访问', extensions: { code: 'NOT_FOUND' } });
    expect(await answerOf('open', new OutsideJurisdictionError('隐患'))).toMatchObject({ message: '超出本账号的管辖范围', extensions: { code: 'FORBIDDEN' } });
  });

  it('a region or organization outside is FORBIDDEN whatever the operation declares; other errors pass untouched', async () => {
    expect(await answerOf('hidden', new OutsideJurisdictionError(null))).toMatchObject({ message: '超出本账号的管辖范围', extensions: { code: 'FORBIDDEN' } });
    const conflict = new ConflictError('已存在');
    expect(await answerOf('hidden', conflict)).toBe(conflict);
  });

  it('a record an operation only names (a filter, a place) reads as one that does not exist', async () => {
    await expect(outsideAsMissing(Promise.reject(new OutsideJurisdictionError('场所')))).rejects.toMatchObject({ message: '场所不存在或无权访问', extensions: { code: 'NOT_FOUND' } });
    await expect(outsideAsMissing(Promise.reject(new OutsideJurisdictionError(null)))).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(outsideAnswer(new OutsideJurisdictionError('账号'), 'NOT_FOUND').message).toBe('账号不存在或无权访问');
  });

  it('one that reached no edge (a field resolver) is formatted as the default answer, FORBIDDEN, never a masked 500', () => {
    const out = formatGraphQLError({ message: 'x', path: ['x'] }, new GraphQLError('wrapped', { path: ['x'], originalError: new OutsideJurisdictionError('隐患') }), { stacktraces: false });
    expect(out).toMatchObject({ message: '超出本账号的管辖范围', extensions: { code: 'FORBIDDEN' } });
  });
});
