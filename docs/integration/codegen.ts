/**
 * graphql-codegen configuration for a county system's TypeScript client of the Fire Committee Platform
 * (docs/integration.md). Run from the project's folder: `npx graphql-codegen --config docs/integration/codegen.ts`.
 * In your own project point `schema` at your copy of schema.gql (take it from the release you code against) and
 * `documents` at your operations.
 *
 * One plugin: typescript-operations 6 writes everything its operations need (their result and variable types, and
 * the enums, input types and scalars they use) by itself. Adding the `typescript` plugin to the same file, as
 * configurations for older versions do, declares every enum and input type twice ("Duplicate identifier").
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema.gql',
  documents: 'docs/integration/operations/*.graphql',
  generates: {
    'docs/integration/generated/graphql.ts': {
      plugins: ['typescript-operations'],
      config: {
        // Both date scalars travel as strings: Date is YYYY-MM-DD (a Beijing calendar day), DateTime is RFC 3339 with
        // an offset. Kept as strings so a calendar day is never shifted by a time zone on its way through `Date`.
        // JSONObject (an event's payload and envelope) is a JSON object.
        scalars: { Date: 'string', DateTime: 'string', JSONObject: 'Record<string, unknown>' },
        // A scalar the schema gains later fails the generation instead of silently becoming `any`.
        strictScalars: true,
        // Enums as unions of their string values (what the `typescript` plugin calls enumsAsTypes): the values are
        // the strings on the wire, and nothing has to be imported at run time.
        enumType: 'string-literal',
        // A value added to an enum is a compatible change of the API (docs/schema-changelog.md): the catch-all
        // '%future added value' makes the compiler ask every switch over an enum for a default branch.
        futureProofEnums: true,
        // Answers always carry every selected field (null when empty), so result fields are required keys anyway;
        // variables and input fields the schema makes optional stay optional, as the server treats them.
        avoidOptionals: false,
      },
    },
  },
};

export default config;
