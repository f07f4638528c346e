import { GraphQLError } from 'graphql';
import { AppError, ConflictError, ErrorCode } from '../kernel/errors';
import { formatGraphQLError } from './format-error';

/** What a client sees for each kind of failure (pure: no server needed). */
describe('formatGraphQLError', () => {
  const formatted = { message: 'original', path: ['x'] };
  const inResolver = (original: Error) => new GraphQLError('wrapped', { path: ['x'], originalError: original });

  it('passes domain errors through with their code and zh-CN message', () => {
    const out = formatGraphQLError(formatted, inResolver(new ConflictError('已存在', { currentVersion: 3 })), { stacktraces: false });
    expect(out).toMatchObject({ message: '已存在', extensions: { code: 'CONFLICT', currentVersion: 3 } });
  });

  it('passes a domain error an Apollo plugin threw (wrapped without a path) through with its code and details', () => {
    const refused = new AppError(ErrorCode.QUERY_TOO_COSTLY, '查询代价过高', { cost: 9, maxCost: 5, http: { status: 400 } });
    const inPlugin = new GraphQLError(refused.message, { originalError: refused });
    const out = formatGraphQLError({ message: refused.message, extensions: inPlugin.extensions }, inPlugin, { stacktraces: false });
    expect(out).toEqual({ message: '查询代价过高', extensions: { code: 'QUERY_TOO_COSTLY', cost: 9, maxCost: 5 } });
  });

  it('a unique violation raised by the database (a concurrent duplicate) is CONFLICT, not a 500', () => {
    const db = Object.assign(new Error('duplicate key value violates unique constraint "uq_region_code"'), { driverError: { code: '23505' } });
    const logged: unknown[] = [];
    const out = formatGraphQLError(formatted, inResolver(db), { stacktraces: false, onUnexpected: (e) => logged.push(e) });
    expect(out.extensions?.code).toBe('CONFLICT');
    expect(out.message).not.toMatch(/uq_region_code/);
  });

  it('an unreachable database is SERVICE_UNAVAILABLE', () => {
    const out = formatGraphQLError(formatted, inResolver(new Error('connect ECONNREFUSED 127.0.0.1:5432')), { stacktraces: false });
    expect(out.extensions?.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('an unreachable database is SERVICE_UNAVAILABLE also when graphql-js saw the error as a non-error value (another realm) or it carries only its errno, or TypeORM released the broken connection\'s runner', () => {
    const refused = { errno: -111, code: 'ECONNREFUSED', syscall: 'connect', address: '127.0.0.1', port: 5432 };
    const nonError = Object.assign(new Error(`Unexpected error value: { errno: -111 }`), { name: 'NonErrorThrown', thrownValue: refused });
    expect(formatGraphQLError(formatted, inResolver(nonError), { stacktraces: false }).extensions?.code).toBe('SERVICE_UNAVAILABLE');
    const wrapped = Object.assign(new Error('query failed'), { driverError: { code: 'ECONNRESET', message: 'read ECONNRESET' } });
    expect(formatGraphQLError(formatted, inResolver(wrapped), { stacktraces: false }).extensions?.code).toBe('SERVICE_UNAVAILABLE');
    const released = Object.assign(new Error('Query runner already released. Cannot run queries anymore.'), { name: 'QueryRunnerAlreadyReleasedError' });
    expect(formatGraphQLError(formatted, inResolver(released), { stacktraces: false }).extensions?.code).toBe('SERVICE_UNAVAILABLE');
    // the transaction's next statement, through its EntityManager, after the broken connection's runner was released
    const providerReleased = Object.assign(new Error('Database connection provided by a query runner was already released, cannot continue to use its querying methods anymore.'), { name: 'QueryRunnerProviderAlreadyReleasedError' });
    expect(formatGraphQLError(formatted, inResolver(providerReleased), { stacktraces: false }).extensions?.code).toBe('SERVICE_UNAVAILABLE');
    const other = Object.assign(new Error('Unexpected error value: { }'), { name: 'NonErrorThrown', thrownValue: { code: 'EACCES' } });
    expect(formatGraphQLError(formatted, inResolver(other), { stacktraces: false }).extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  });

  it('anything else is masked and handed to the logger; no stack trace unless configured', () => {
    const logged: unknown[] = [];
    const boom = new TypeError('cannot read x of undefined');
    const withStack = { ...formatted, extensions: { stacktrace: ['TypeError: ...', '    at f (file.js:1:1)'] } };
    const out = formatGraphQLError(withStack, inResolver(boom), { stacktraces: false, onUnexpected: (e) => logged.push(e) });
    expect(out).toEqual({ message: '服务器内部错误，请联系管理员并提供请求编号', path: ['x'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(logged).toEqual([boom]);
    const dev = formatGraphQLError(withStack, inResolver(boom), { stacktraces: true });
    expect(dev.extensions?.stacktrace).toEqual(withStack.extensions.stacktrace);
  });
});
