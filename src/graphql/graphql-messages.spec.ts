import { buildSchema, graphql, parse, validate } from 'graphql';
import { translateGraphQLMessage } from './graphql-messages';

/** graphql-js's own sentences, produced by graphql-js itself, each has a zh-CN form with no English left. */
describe('graphql-js messages in zh-CN', () => {
  const schema = buildSchema(`
    enum Kind { TOWN VILLAGE }
    input In { id: ID!, n: Int, kind: Kind }
    type Item { name: String, items(first: Int!): [Item] }
    type Query { item(id: ID!): Item, list(first: Int, input: In): [Item] }
  `);
  const validationMessages = (query: string) => validate(schema, parse(query)).map((e) => e.message);
  const variableMessages = async (query: string, variables: Record<string, unknown>) =>
    ((await graphql({ schema, source: query, variableValues: variables })).errors ?? []).map((e) => e.message);
  const ENGLISH = /\b(cannot|represent|value|variable|got|invalid|field|type|expected|required|provided|unknown|argument|must|query|mean|found|defined|integer|string|boolean|enum|does|exist|object|selection|never|used|not)\b/i;
  const zh = (m: string) => {
    const t = translateGraphQLMessage(m);
    expect({ m, t }).toEqual({ m, t: expect.any(String) });
    expect(t!.replace(/“[^”]*”/g, '')).not.toMatch(ENGLISH);
    return t!;
  };

  it('validation of the document', () => {
    const all = [
      ...validationMessages('{ nope }'),
      ...validationMessages('{ item { name } }'),
      ...validationMessages('{ item(id: "1", x: 1) { name } }'),
      ...validationMessages('{ item(id: "1") }'),
      ...validationMessages('{ item(id: "1") { name { x } } }'),
      ...validationMessages('{ list(first: "ten") { name } }'),
      ...validationMessages('{ list(first: 1.5) { name } }'),
      ...validationMessages('{ list(input: { id: "1", kind: "TOWN" }) { name } }'),
      ...validationMessages('{ list(input: { n: 1 }) { name } }'),
      ...validationMessages('query($a: Int) { list { name } }'),
      ...validationMessages('{ list(first: $b) { name } }'),
      ...validationMessages('{ list { ...F } }'),
      ...validationMessages('fragment G on Item { name } { list { name } }'),
    ];
    expect(all.length).toBeGreaterThanOrEqual(13);
    all.forEach(zh);
    expect(zh('Cannot query field "nope" on type "Query". Did you mean "list" or "item"?')).toBe('“Query” 没有字段 “nope”；是否要用 “list”、“item”？');
  });

  it('coercion of variables', async () => {
    const all = [
      ...(await variableMessages('query($f: Int) { list(first: $f) { name } }', { f: 'ten' })),
      ...(await variableMessages('query($f: Int) { list(first: $f) { name } }', { f: 1.5 })),
      ...(await variableMessages('query($f: Int!) { list(first: $f) { name } }', {})),
      ...(await variableMessages('query($i: In) { list(input: $i) { name } }', { i: { n: 1 } })),
      ...(await variableMessages('query($i: In) { list(input: $i) { name } }', { i: { id: '1', x: 1 } })),
      ...(await variableMessages('query($i: In) { list(input: $i) { name } }', { i: { id: '1', kind: 'CITY' } })),
      ...(await variableMessages('query($i: In) { list(input: $i) { name } }', { i: 5 })),
    ];
    expect(all.length).toBeGreaterThanOrEqual(7);
    all.forEach(zh);
    expect(zh('Variable "$i" got invalid value "x" at "i.n"; Int cannot represent non-integer value: "x"')).toBe('变量 “$i” 中 “i.n” 的值 “"x"” 有误：应为整数，收到 “"x"”');
  });

  it('a sentence it does not know is left to the caller', () => {
    expect(translateGraphQLMessage('Something new in graphql 17')).toBeNull();
  });
});
