// The layout's rules (checked in .ci/run by `npm run depcruise`). The violations the codebase had when the check
// came are recorded in .dependency-cruiser-known-violations.json and ignored; anything new fails. Regenerate the
// baseline only when a move removes violations (`npm run depcruise:baseline`), never to let a new one in.
const DOMAINS = '(organization|personnel|inspections|training|evaluation|committees|office|attachments|integration|corrections)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A module may not import itself through others: a cycle makes load order and ownership unclear.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      comment: 'Folders depend one way: a folder cycle means two folders are one concept split in two.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'kernel-is-a-leaf',
      comment: 'src/kernel/ (permissions, access decorators, request context, jurisdiction, errors, small helpers) is what every folder may use: it imports nothing else of src/ and nothing of GraphQL, so it can never be part of a cycle.',
      severity: 'error',
      from: { path: '^src/kernel/' },
      // (^|/)node_modules: a worktree's node_modules may be a link, resolved to another checkout's
      to: { path: '^src/|(^|/)node_modules/(graphql|@nestjs/graphql|@nestjs/apollo|@apollo/[^/]+)/', pathNot: '^src/kernel/' },
    },
    {
      name: 'infrastructure-not-to-domains',
      comment: 'The wiring (common, config, database, graphql) serves the domains and imports none of them: the entity list is handed to the database by the root module (src/entities.ts).',
      severity: 'error',
      from: { path: '^src/(common|config|database|graphql)/' },
      to: { path: `^src/(auth|${DOMAINS.slice(1, -1)})/` },
    },
    {
      name: 'migrations-frozen',
      comment: 'A migration inserts what it inserted the day it was written: it imports nothing from src/.',
      severity: 'error',
      from: { path: '^migrations/' },
      to: { path: '^src/' },
    },
    {
      name: 'domain-through-public-file',
      comment: 'A domain reaches another only through its public file (its Nest module or index.ts), never its entities, repositories or input classes.',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: `^src/${DOMAINS}/`, pathNot: ['^src/$1/', '[.]module[.]ts$', '/index[.]ts$'] },
    },
    {
      name: 'src-not-to-tests',
      comment: 'The application never loads test or bench code.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // TypeScript's own resolution (nodenext: '.js' in specifiers resolves to '.ts')
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
