#!/usr/bin/env node
// The largest legitimate GraphQL request: every mutation's input filled to its declared bounds (each string at
// its MaxLength in Chinese characters, each list at its ArrayMaxSize), sent as variables. Prints the ten largest
// bodies in UTF-8 and with every Chinese character escaped as \uXXXX (what some JSON writers do), to size the
// body limit (MAX_JSON_BODY_BYTES in src/graphql/query-cost.ts). After a build: `node bench/largest-request.mjs`.
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const { buildSchema, getNamedType, getNullableType, isEnumType, isInputObjectType, isListType, isNonNullType } = require('graphql');
const { getMetadataStorage } = require('class-validator');

// loading the application module registers every input class with class-validator
require(path.join(root, 'dist/src/app.module.js'));
const { MAX_JSON_BODY_BYTES } = require(path.join(root, 'dist/src/graphql/query-cost.js'));
const schema = buildSchema(fs.readFileSync(path.join(root, 'schema.gql'), 'utf8'));

/** class-validator bounds per input class name and property: { maxLength, arrayMaxSize }. */
const bounds = new Map();
const storage = getMetadataStorage();
for (const m of storage.validationMetadatas ?? []) {
  const cls = m.target?.name;
  if (!cls) continue;
  const props = bounds.get(cls) ?? new Map();
  const b = props.get(m.propertyName) ?? {};
  const name = m.name ?? storage.constraintMetadatas?.get?.(m.constraintCls)?.[0]?.name;
  if (name === 'maxLength') b.maxLength = m.constraints[0];
  if (name === 'arrayMaxSize') b.arrayMaxSize = m.constraints[0];
  props.set(m.propertyName, b);
  bounds.set(cls, props);
}

const CHAR = '消';
const unbounded = [];

function valueOf(type, bound, where) {
  const inner = isNonNullType(type) ? getNullableType(type) : type;
  if (isListType(inner)) {
    const size = bound.arrayMaxSize ?? 100;
    if (bound.arrayMaxSize === undefined) unbounded.push(`${where} (list: 100 assumed)`);
    return Array.from({ length: size }, () => valueOf(inner.ofType, { maxLength: bound.maxLength }, `${where}[]`));
  }
  const named = getNamedType(inner);
  if (isInputObjectType(named)) {
    const props = bounds.get(named.name) ?? new Map();
    return Object.fromEntries(Object.values(named.getFields()).map((f) => [f.name, valueOf(f.type, props.get(f.name) ?? {}, `${named.name}.${f.name}`)]));
  }
  if (isEnumType(named)) return named.getValues().reduce((a, v) => (v.name.length > a.length ? v.name : a), '');
  switch (named.name) {
    case 'String':
    case 'ID':
      if (bound.maxLength === undefined) unbounded.push(`${where} (string: 200 assumed)`);
      return CHAR.repeat(bound.maxLength ?? 200);
    case 'Int': return -2147483648;
    case 'Float': return -123456789.12;
    case 'Boolean': return false;
    case 'Date': return '2027-03-10';
    case 'DateTime': return '2027-03-10T08:00:00.000+08:00';
    default: return 'x'.repeat(64);
  }
}

const rows = [];
for (const field of Object.values(schema.getMutationType().getFields())) {
  const variables = {};
  const defs = [];
  for (const arg of field.args) {
    variables[arg.name] = valueOf(arg.type, {}, `${field.name}.${arg.name}`);
    defs.push(`$${arg.name}: ${String(arg.type)}`);
  }
  const query = `mutation ${field.name[0].toUpperCase()}${field.name.slice(1)}${defs.length ? `(${defs.join(', ')})` : ''} { ${field.name}${field.args.length ? `(${field.args.map((a) => `${a.name}: $${a.name}`).join(', ')})` : ''} { __typename } }`;
  const body = JSON.stringify({ query, variables });
  const escaped = body.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  rows.push({ mutation: field.name, utf8: Buffer.byteLength(body), escaped: escaped.length });
}
rows.sort((a, b) => b.escaped - a.escaped);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`largest legitimate request bodies (every input at its declared bounds; limit ${kb(MAX_JSON_BODY_BYTES)}):`);
console.log('mutation'.padEnd(32), 'UTF-8'.padStart(10), '\\uXXXX'.padStart(10));
for (const r of rows.slice(0, 10)) console.log(r.mutation.padEnd(32), kb(r.utf8).padStart(10), kb(r.escaped).padStart(10));
if (unbounded.length) console.log(`\ninputs without a declared bound (an assumed size was used): ${[...new Set(unbounded)].length}`);
process.exit(0);
