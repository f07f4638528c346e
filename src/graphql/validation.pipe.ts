import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { BadUserInputError, FieldProblem } from '../kernel/errors';

/** zh-CN reasons for class-validator's constraints; a decorator's own zh-CN message wins. */
const REASONS: Record<string, (c: unknown[]) => string> = {
  isDefined: () => '必填',
  isNotEmpty: () => '不能为空',
  isString: () => '必须是文本',
  isInt: () => '必须是整数',
  isBoolean: () => '必须是布尔值',
  isEnum: () => '不是允许的取值',
  isIn: () => '不是允许的取值',
  min: (c) => `不能小于 ${String(c[0])}`,
  max: (c) => `不能大于 ${String(c[0])}`,
  minLength: (c) => `长度不能少于 ${String(c[0])} 个字符`,
  maxLength: (c) => `长度不能超过 ${String(c[0])} 个字符`,
  length: (c) => `长度须在 ${String(c[0])} 到 ${String(c[1])} 个字符之间`,
  isDateString: () => '必须是有效的日期（YYYY-MM-DD）',
  isISO8601: () => '必须是有效的日期（YYYY-MM-DD）',
  matches: () => '格式不正确',
  arrayMaxSize: (c) => `最多 ${String(c[0])} 项`,
  arrayMinSize: (c) => `至少 ${String(c[0])} 项`,
  whitelistValidation: () => '不允许的字段',
};

const HAS_CJK = /[\u4e00-\u9fff]/;

function flatten(errors: ValidationError[], prefix: string, out: FieldProblem[]): FieldProblem[] {
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    for (const [name, message] of Object.entries(e.constraints ?? {})) {
      const reason = HAS_CJK.test(message) ? message : (REASONS[name]?.(constraintValues(e, name)) ?? '取值无效');
      out.push({ field, reason });
    }
    if (e.children?.length) flatten(e.children, field, out);
  }
  return out;
}

function constraintValues(e: ValidationError, name: string): unknown[] {
  const meta = (e.contexts?.[name] as { constraints?: unknown[] } | undefined)?.constraints;
  if (meta) return meta;
  // class-validator keeps the constraint values only in its English message; recover the numbers from it
  const message = e.constraints?.[name] ?? '';
  return message.match(/-?\d+(\.\d+)?/g) ?? [];
}

/** C0 controls but tab, line feed and carriage return, and DEL: never text (PostgreSQL cannot even store U+0000). */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** A UTF-16 surrogate without its pair: not a character; the database would store U+FFFD instead. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Where a value comes from the client: GraphQL arguments (GqlParamtype.ARGS, 3, at run time), HTTP body/query/params. */
const ARGUMENT_KINDS = new Set<unknown>([3, 'body', 'query', 'param']);

/** Every string of an argument (at any depth of an input object or list) that is not clean text, with its path. */
function unprintable(value: unknown, path: string, out: FieldProblem[], depth = 0): FieldProblem[] {
  if (typeof value === 'string') {
    if (CONTROL.test(value)) out.push({ field: path, reason: '含有不允许的控制字符' });
    else if (LONE_SURROGATE.test(value)) out.push({ field: path, reason: '含有无效的 Unicode 字符' });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => unprintable(v, `${path}.${i}`, out, depth + 1));
  } else if (value && typeof value === 'object' && depth < 20 && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) unprintable(v, `${path}.${k}`, out, depth + 1);
  }
  return out;
}

/**
 * Validates every resolver argument that is a class with class-validator decorators; failures become
 * BAD_USER_INPUT with each offending field (prefixed by the argument name, e.g. `input.code`) and a zh-CN
 * reason, never Nest's bare "Bad Request Exception".
 */
@Injectable()
export class AppValidationPipe extends ValidationPipe {
  constructor() {
    super({
      transform: true,
      whitelist: true,
      forbidUnknownValues: false,
      stopAtFirstError: false,
      validationError: { target: false, value: false },
      exceptionFactory: (errors: ValidationError[]) => new BadUserInputError(flatten(errors, '', [])),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // 8.1.4.4 d (GB/T 22239-2019): control characters and broken Unicode are refused in every text argument, whatever
    // its type (GraphQL arguments and HTTP inputs only: not the parent objects field resolvers receive, which Nest
    // pipes too)
    if (ARGUMENT_KINDS.has(metadata.type)) {
      const problems = unprintable(value, metadata.data ?? 'value', []);
      if (problems.length) throw new BadUserInputError(problems);
    }
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof BadUserInputError && metadata.data && metadata.type !== 'custom') {
        throw new BadUserInputError(error.fields.map((f) => ({ field: `${metadata.data}.${f.field}`, reason: f.reason })));
      }
      throw error;
    }
  }
}
