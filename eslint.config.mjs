// Lint of the GraphQL contract (`npm run lint:schema`): schema.gql, the schema other county systems code against.
// graphql-eslint's recommended schema rules and its Relay rules, descriptions everywhere, and one rule of ours
// (plain lists state their bound). Every rule changed from those sets says why beside it.
import graphqlPlugin from '@graphql-eslint/eslint-plugin';

/** The words a description uses to state a plain list's bound: 最多 20 项, 至多, 不超过, 上限. */
const BOUND = /最多|至多|不超过|上限/;

/**
 * A list that can grow without bound is a Relay connection; a list that stays a plain list says in its
 * description how long it can be (graphql-eslint's relay-edge-types can only forbid every plain list).
 */
const listBoundDescribed = {
  meta: { type: 'problem', docs: { description: 'a plain list field states its bound in its description' }, schema: [] },
  create(context) {
    return {
      FieldDefinition(node) {
        const parent = node.parent?.name?.value ?? '';
        if (parent.endsWith('Connection')) return;
        let type = node.gqlType;
        if (type.type === 'NonNullType') type = type.gqlType;
        if (type.type !== 'ListType') return;
        const description = node.description?.value ?? '';
        if (!BOUND.test(description)) {
          context.report({
            node: node.name,
            message: `"${parent}.${node.name.value}" is a plain list: make it a connection, or state its bound in the description (最多 N …)`,
          });
        }
      },
    };
  },
};

export default [
  {
    files: ['schema.gql'],
    languageOptions: { parser: graphqlPlugin.parser, parserOptions: { graphQLConfig: { schema: 'schema.gql' } } },
    plugins: { '@graphql-eslint': graphqlPlugin, fcp: { rules: { 'list-bound-described': listBoundDescribed } } },
    rules: {
      ...graphqlPlugin.configs['flat/schema-recommended'].rules,
      ...graphqlPlugin.configs['flat/schema-relay'].rules,
      // Pages are keyset pages read forward (first/after): a backward page (last/before) would need a second
      // index order per list for no client that asks for it.
      '@graphql-eslint/relay-arguments': ['error', { includeBoth: false }],
      // A short, bounded list (a hazard's history, the checklist's items) stays a plain list: fcp/list-bound-described
      // requires its bound in the description instead. relay-edge-types still checks every Edge type's shape.
      '@graphql-eslint/relay-edge-types': ['error', { listTypeCanWrapOnlyEdgeType: false, shouldImplementNode: false, withEdgeSuffix: true }],
      'fcp/list-bound-described': 'error',
      // Records with an identity implement Node (`id: ID!`, fetched by node(id:)); the many value objects (a
      // verdict, a figure, an event in a history, a policy version read by date) have no identity to give, and
      // the rule cannot tell them apart: test/schema.e2e-spec.ts checks that every type with an `id` is a Node, but
      // for a named few read only through their parent.
      '@graphql-eslint/strict-id-in-types': 'off',
      '@graphql-eslint/require-description': [
        'error',
        { types: true, rootField: true, FieldDefinition: true, InputValueDefinition: true, EnumValueDefinition: true, DirectiveDefinition: true },
      ],
    },
  },
];
