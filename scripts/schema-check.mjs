#!/usr/bin/env node
// The breaking-change gate of the GraphQL contract (`npm run schema:check`) and its changelog helper
// (`npm run schema:diff`, with --markdown).
//
// Other county systems code against the last released schema (schema.released.gql), not against whatever
// schema.gql holds today, so every change is judged against that file with @graphql-inspector/core's diff.
// A BREAKING change passes only when it is declared in docs/schema-changelog.md (`## Unreleased` → `### Breaking`,
// its coordinate in backticks): a break nobody wrote down is a break nobody told the county systems about.
// Removals are stricter (see isRetired): a field is retired through @deprecated(reason:) first, so the release
// the clients coded against already told them to move. Removing something that was not deprecated needs
// `(before first release)` on its line, and that exception ends with the first release tag (see releaseTags).
//
// Options: --schema <file> --baseline <file> --changelog <file> (defaults: the project's schema.gql,
// schema.released.gql, docs/schema-changelog.md), --markdown (print every change as changelog lines; always exit 0).
// Exit code: 0 pass, 1 an undeclared or disallowed breaking change, 2 a file is missing or not a valid schema.
import { CriticalityLevel, diff } from '@graphql-inspector/core';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isUnionType,
} from 'graphql';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EXCEPTION = '(before first release)';
const REMOVALS = new Set(['FIELD_REMOVED', 'ENUM_VALUE_REMOVED', 'INPUT_FIELD_REMOVED', 'FIELD_ARGUMENT_REMOVED', 'TYPE_REMOVED']);

function parseArgs(argv) {
  const options = {
    schema: path.join(root, 'schema.gql'),
    baseline: path.join(root, 'schema.released.gql'),
    changelog: path.join(root, 'docs/schema-changelog.md'),
    markdown: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--markdown') options.markdown = true;
    else if (arg === '--schema' || arg === '--baseline' || arg === '--changelog') {
      const value = argv[++i];
      if (!value) fail(`${arg} 缺少文件路径`);
      options[arg.slice(2)] = path.resolve(value);
    } else fail(`未知参数：${arg}（可用：--schema <文件> --baseline <文件> --changelog <文件> --markdown）`);
  }
  return options;
}

/** A usage or input problem, not a verdict on the schema: exit 2 so CI logs tell the two apart. */
function fail(message) {
  process.stderr.write(`schema:check：${message}\n`);
  process.exit(2);
}

function loadSchema(file, label) {
  if (!fs.existsSync(file)) fail(`找不到${label}：${file}`);
  try {
    return buildSchema(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    fail(`${label}不是有效的 GraphQL 模式（${file}）：${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The lines of one markdown section: from its heading to the next heading of the same or a higher level. */
function section(lines, heading) {
  const level = heading.match(/^#+/)[0].length;
  const start = lines.findIndex((l) => l.trim().toLowerCase() === heading.toLowerCase());
  if (start < 0) return null;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => {
    const m = l.match(/^(#+)\s/);
    return m && m[1].length <= level;
  });
  return end < 0 ? rest : rest.slice(0, end);
}

/**
 * The declarations: coordinate → the text of the list item that names it. An item runs from its `- ` line to the
 * next item (indented continuation lines belong to it), so a long explanation may wrap.
 */
function readDeclarations(changelogFile) {
  const declared = new Map();
  if (!fs.existsSync(changelogFile)) return { declared, found: false };
  const lines = fs.readFileSync(changelogFile, 'utf8').split(/\r?\n/);
  const unreleased = section(lines, '## Unreleased');
  const breaking = unreleased && section(unreleased, '### Breaking');
  if (!breaking) return { declared, found: false };
  const items = [];
  for (const line of breaking) {
    if (/^\s{0,3}[-*]\s/.test(line)) items.push(line);
    else if (items.length > 0 && /^\s+\S/.test(line)) items[items.length - 1] += ` ${line.trim()}`;
  }
  for (const item of items) {
    for (const m of item.matchAll(/`([^`]+)`/g)) declared.set(m[1].trim(), item.trim());
  }
  return { declared, found: true };
}

/**
 * Release tags (vX.Y.Z) of the repository holding the changelog. The `(before first release)` exception exists
 * for the time before any county system was promised a tagged contract; once one is tagged it would only be a
 * way around the deprecation rule, so it stops counting. Outside a repository (a copy, a tarball) there are none.
 */
function releaseTags(changelogFile) {
  const r = spawnSync('git', ['-C', path.dirname(changelogFile), 'tag', '--list', 'v[0-9]*'], { encoding: 'utf8' });
  if (r.status !== 0) return [];
  return r.stdout.split('\n').map((t) => t.trim()).filter(Boolean);
}

/**
 * Was what this removal removes retired in the baseline, i.e. marked @deprecated there? A type cannot carry
 * @deprecated in GraphQL, so a type counts as retired when every field, argument and input field that led to it
 * was deprecated, or (when nothing led to it, e.g. a type reached only through an interface) all its own fields
 * or values were.
 */
function isRetired(change, baseline) {
  const [typeName, member, argName] = (change.path ?? '').split('.');
  const type = baseline.getType(typeName);
  if (!type) return false;
  switch (change.type) {
    case 'FIELD_REMOVED':
    case 'INPUT_FIELD_REMOVED': {
      const field = 'getFields' in type ? type.getFields()[member] : undefined;
      return field?.deprecationReason != null;
    }
    case 'ENUM_VALUE_REMOVED':
      return isEnumType(type) && type.getValue(member)?.deprecationReason != null;
    case 'FIELD_ARGUMENT_REMOVED': {
      const field = 'getFields' in type ? type.getFields()[member] : undefined;
      if (!field) return false;
      if (field.deprecationReason != null) return true;
      return field.args?.find((a) => a.name === argName)?.deprecationReason != null;
    }
    case 'TYPE_REMOVED':
      return isTypeRetired(typeName, baseline);
    default:
      return false;
  }
}

function isTypeRetired(typeName, schema) {
  const references = [];
  for (const t of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(t)) continue;
    if (isObjectType(t) || isInterfaceType(t)) {
      for (const f of Object.values(t.getFields())) {
        if (getNamedType(f.type).name === typeName) references.push(f.deprecationReason != null);
        for (const a of f.args) if (getNamedType(a.type).name === typeName) references.push(f.deprecationReason != null || a.deprecationReason != null);
      }
    } else if (isInputObjectType(t)) {
      for (const f of Object.values(t.getFields())) if (getNamedType(f.type).name === typeName) references.push(f.deprecationReason != null);
    } else if (isUnionType(t) && t.getTypes().some((m) => m.name === typeName)) {
      references.push(false); // a union member cannot be deprecated: removing it breaks `... on` fragments
    }
  }
  if (references.length > 0) return references.every(Boolean);
  const type = schema.getType(typeName);
  const own = isEnumType(type) ? type.getValues() : 'getFields' in type ? Object.values(type.getFields()) : [];
  return own.length > 0 && own.every((m) => m.deprecationReason != null);
}

const coordinate = (change) => change.path ?? change.type;

function printMarkdown(changes) {
  const groups = [
    ['Breaking', CriticalityLevel.Breaking],
    ['Dangerous', CriticalityLevel.Dangerous],
    ['Non-breaking', CriticalityLevel.NonBreaking],
  ];
  const out = [];
  for (const [title, level] of groups) {
    const inGroup = changes.filter((c) => c.criticality.level === level);
    out.push(`### ${title}`, '');
    if (inGroup.length === 0) out.push('- (none)');
    // Additions first (the changelog's "Added" list), description-only changes last (they seldom need a line each).
    const rank = (c) => (/DESCRIPTION/.test(c.type) ? 2 : /_ADDED$/.test(c.type) ? 0 : 1);
    for (const c of [...inGroup].sort((a, b) => rank(a) - rank(b))) out.push(`- \`${coordinate(c)}\`: ${c.message}`);
    out.push('');
  }
  process.stdout.write(out.join('\n'));
}

function check(changes, baseline, options) {
  const rel = (f) => path.relative(process.cwd(), f) || f;
  const { declared, found } = readDeclarations(options.changelog);
  const tags = releaseTags(options.changelog);
  const breaking = changes.filter((c) => c.criticality.level === CriticalityLevel.Breaking);
  const dangerous = changes.filter((c) => c.criticality.level === CriticalityLevel.Dangerous);
  const safe = changes.filter((c) => c.criticality.level === CriticalityLevel.NonBreaking);

  const undeclared = [];
  const unretired = [];
  for (const c of breaking) {
    const line = declared.get(coordinate(c));
    if (line === undefined) undeclared.push(c);
    else if (REMOVALS.has(c.type) && !isRetired(c, baseline)) {
      const excepted = line.includes(EXCEPTION) && tags.length === 0;
      if (!excepted) unretired.push({ change: c, claimed: line.includes(EXCEPTION) });
    }
  }

  const out = [];
  out.push(`schema:check：${rel(options.schema)} 对照上次发布的 ${rel(options.baseline)}`);
  out.push(`  不兼容（BREAKING）${breaking.length} 项，其中已声明 ${breaking.length - undeclared.length} 项；有风险（DANGEROUS）${dangerous.length} 项；兼容 ${safe.length} 项`);
  if (dangerous.length > 0) {
    out.push('', '有风险的变更（不阻断，请确认调用方不受影响）：');
    for (const c of dangerous) out.push(`  ${coordinate(c)}：${c.message}`);
  }
  const breakingCoordinates = new Set(breaking.map(coordinate));
  const stale = [...declared.keys()].filter((k) => /^[_A-Za-z][\w.@]*$/.test(k) && /\./.test(k) && !breakingCoordinates.has(k));
  if (stale.length > 0) out.push('', `提示：以下已声明的坐标当前没有不兼容变更（可能已改回，或拼写有误）：${stale.join('、')}`);

  if (undeclared.length > 0) {
    out.push('', `✗ 未声明的不兼容变更 ${undeclared.length} 项：`);
    for (const c of undeclared) out.push(`  ${coordinate(c)}：${c.message}`);
    out.push(
      '',
      `声明方法：在 ${rel(options.changelog)} 的“## Unreleased”下“### Breaking”列表中为每项加一行，坐标用反引号括起，并写明调用方要怎么改，例如：`,
      `  - \`${coordinate(undeclared[0])}\`：（变更内容；调用方须如何修改）`,
      '`npm run schema:diff` 输出可直接粘贴的各行。',
    );
    if (!found) out.push(`（${rel(options.changelog)} 中没有找到“## Unreleased”→“### Breaking”一节）`);
  }
  if (unretired.length > 0) {
    out.push('', `✗ 删除了上次发布中未标记 @deprecated 的内容 ${unretired.length} 项（已声明也不允许）：`);
    for (const { change, claimed } of unretired) {
      out.push(`  ${coordinate(change)}：${change.message}${claimed ? `（已写 ${EXCEPTION}，但已发布过 ${tags.join('、')}，例外不再适用）` : ''}`);
    }
    out.push(
      '',
      '变更规则：先用 @deprecated(reason: "改用 …") 标记并发布，至少保留一个版本且不少于 6 个月后才能删除（见 docs/schema-changelog.md）。',
      tags.length === 0
        ? `首次发布前确需直接删除的，在该声明行写上 ${EXCEPTION}。`
        : `已有发布标签（${tags.join('、')}），${EXCEPTION} 例外不再适用。`,
    );
  }
  const failed = undeclared.length > 0 || unretired.length > 0;
  out.push('', failed ? '✗ schema:check 未通过' : '✓ schema:check 通过');
  (failed ? process.stderr : process.stdout).write(`${out.join('\n')}\n`);
  return failed ? 1 : 0;
}

const options = parseArgs(process.argv.slice(2));
const baseline = loadSchema(options.baseline, '上次发布的模式');
const current = loadSchema(options.schema, '当前模式');
const changes = await diff(baseline, current);
if (options.markdown) {
  printMarkdown(changes);
  process.exit(0);
}
process.exit(check(changes, baseline, options));
