import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import type { ValueNode } from 'graphql';
import { isCalendarDate, shanghaiDate } from '../common/clock';

/**
 * A value a scalar refused, with the zh-CN reason a person can act on. graphql-js wraps it into its own message
 * (`Variable "$input" got invalid value … at "input.deadline"; <reason>`); the error formatter reads `reason` back
 * out of it and answers BAD_USER_INPUT with `fields: [{ field: "input.deadline", reason }]`.
 */
export class ScalarValueError extends GraphQLError {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'ScalarValueError';
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** RFC 3339 date-time: seconds required, fraction optional, and an offset (Z or ±hh:mm) required. */
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|([+-])(\d{2}):(\d{2}))$/;

/** Shown as it was sent, cut so a huge value does not fill the message. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function parseCalendarDate(value: unknown): string {
  if (typeof value === 'string' && DATE.test(value) && isCalendarDate(value)) return value;
  throw new ScalarValueError(`“${shown(value)}”不是有效的日期：须为 YYYY-MM-DD 格式的真实日期，如 2027-03-10`);
}

function literal(ast: ValueNode, parse: (value: unknown) => unknown): unknown {
  if (ast.kind !== Kind.STRING) throw new ScalarValueError('须为字符串');
  return parse(ast.value);
}

/**
 * `Date`: a calendar date, YYYY-MM-DD, as a day of the Beijing calendar (every day boundary is Asia/Shanghai).
 * Kept as that string inside the server too: a date is never turned into an instant, so it cannot shift a day.
 */
export const CalendarDateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description:
    '日历日期，格式 YYYY-MM-DD（如 2027-03-10），指北京时间的那一天；不存在的日期（如 2026-02-30）会被拒绝。' +
    '业务上的时间范围（不晚于今天等）由各字段说明。',
  specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc3339#section-5.6',
  serialize(value) {
    if (value instanceof Date) return shanghaiDate(value);
    return parseCalendarDate(value);
  },
  parseValue: parseCalendarDate,
  parseLiteral: (ast) => literal(ast, parseCalendarDate) as string,
});

function parseInstant(value: unknown): Date {
  const m = typeof value === 'string' ? DATE_TIME.exec(value) : null;
  if (m && isCalendarDate(m[1]) && Number(m[2]) <= 23 && Number(m[3]) <= 59 && Number(m[4]) <= 59
    && (!m[7] || (Number(m[8]) <= 23 && Number(m[9]) <= 59))) {
    const instant = new Date(value as string);
    if (!Number.isNaN(instant.getTime())) return instant;
  }
  const hint = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)
    ? '缺少时区偏移（北京时间请加 +08:00），否则无法确定是哪一时刻'
    : '格式不正确';
  throw new ScalarValueError(`“${shown(value)}”不是有效的时间：${hint}；须为带时区偏移的 RFC 3339 时间，如 2026-11-30T20:00:00+08:00`);
}

/**
 * `DateTime`: an instant, RFC 3339 with an offset. A value without one (2026-11-30T20:00:00) is refused: read as
 * UTC it would put a fire at 20:00 Beijing time on 30 November into December. Answers are in UTC (`…Z`).
 */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description:
    '时刻，带时区偏移的 RFC 3339 格式，如 2026-11-30T20:00:00+08:00（北京时间）或 2026-11-30T12:00:00Z；' +
    '没有时区偏移的值会被拒绝。返回值均为 UTC（以 Z 结尾）。',
  specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc3339#section-5.6',
  serialize(value) {
    const instant = value instanceof Date ? value : typeof value === 'string' ? parseInstant(value) : null;
    if (!instant || Number.isNaN(instant.getTime())) throw new ScalarValueError(`“${shown(value)}”不是有效的时间`);
    return instant.toISOString();
  },
  parseValue: parseInstant,
  parseLiteral: (ast) => literal(ast, parseInstant) as Date,
});
