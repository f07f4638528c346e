import { auditServer } from 'graphql-http';
import { createTestApp, TestApp } from './support/test-app';

/** GraphQL over HTTP: the graphql-http server audit suite against POST /graphql. */
describe('GraphQL over HTTP (graphql-http serverAudits)', () => {
  let t: TestApp & { url?: string };
  let results: Awaited<ReturnType<typeof auditServer>>;

  beforeAll(async () => {
    t = await createTestApp({ listen: true });
    results = await auditServer({ url: `${t.url}/graphql` });
  });
  afterAll(async () => {
    await t.close();
  });

  it('reports zero MUST failures', () => {
    const failures = results.filter((r) => r.status === 'error').map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`);
    expect(failures).toEqual([]);
  });

  it('reports zero SHOULD warnings', () => {
    const warnings = results.filter((r) => r.status === 'warn').map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`);
    expect(warnings).toEqual([]);
  });

  it('ran the whole suite', () => {
    expect(results.length).toBeGreaterThan(30);
  });
});
