import { GraphQLSchemaHost } from '@nestjs/graphql';
import { getNamedType, isInputObjectType, isObjectType } from 'graphql';
import type { GraphQLField, GraphQLObjectType } from 'graphql';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { openDataSource, runMigrations } from '../src/database/data-source';
import { ENTITIES } from '../src/entities';
import { pendingSchemaChanges } from '../src/database/schema-drift';
import { printCommittedSchema } from '../src/graphql/schema-printer';
import { collectOperations, renderAuthorizationDoc } from '../src/auth/access-matrix';
import { createTestApp, TestApp } from './support/test-app';

describe('schema: the committed GraphQL schema and the database schema', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('the served GraphQL schema equals schema.gql (run `npm run schema:print` after a schema change)', () => {
    const served = printCommittedSchema(t.app.get(GraphQLSchemaHost).schema);
    const committed = fs.readFileSync(path.resolve('schema.gql'), 'utf8');
    expect(served).toBe(committed);
  });

  it('docs/authorization.md is the table generated from the code (run `npm run schema:print` after a change)', () => {
    const generated = renderAuthorizationDoc(collectOperations(t.app));
    expect(fs.readFileSync(path.resolve('docs/authorization.md'), 'utf8')).toBe(generated);
  });

  it('keeps the identity and access names that other county systems code against', () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const mutation = schema.getMutationType()!.getFields();
    const inputFields = (name: string) => Object.keys((schema.getType(name) as unknown as { getFields(): object }).getFields());
    expect(String(mutation.login.type)).toBe('LoginPayload!');
    expect(Object.keys((schema.getType('LoginPayload') as unknown as { getFields(): object }).getFields())).toEqual(expect.arrayContaining(['accessToken', 'expiresAt']));
    expect(inputFields('LoginInput').sort()).toEqual(['password', 'username']);
    expect(inputFields('CreateAccountInput')).toEqual(expect.arrayContaining(['username', 'password', 'displayName', 'role', 'regionId']));
    expect(inputFields('ChangePasswordInput').sort()).toEqual(['currentPassword', 'newPassword']);
    expect(mutation.createAccount.args.map((a) => a.name)).toEqual(['input']);
    expect(mutation.changePassword.args.map((a) => a.name)).toEqual(['input']);
    expect(String(mutation.logout.type)).toBe('Boolean!');
    const query = schema.getQueryType()!.getFields();
    expect(String(query.accounts.type)).toBe('AccountConnection!');
    expect(inputFields('Account')).toEqual(expect.arrayContaining(['username', 'role']));
    expect(String(query.me.type)).toBe('Account!');
    expect(String(query.auditLog.type)).toBe('AuditEntryConnection!');
    expect(inputFields('AuditEntry')).toEqual(expect.arrayContaining(['operation', 'outcome']));
    expect(query.auditLog.args.map((a) => a.name)).toEqual(expect.arrayContaining(['actorId', 'targetId', 'operation', 'from', 'to']));
  });

  it('keeps the personnel names (PER-1 .. PER-9): createPerson, eligibility, selectPerson, recordPreJobExam, putOnDuty, staffing', () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const query = schema.getQueryType()!.getFields();
    const mutation = schema.getMutationType()!.getFields();
    for (const name of ['createPerson', 'selectPerson', 'recordPreJobExam', 'putOnDuty']) expect(mutation[name].args.map((a) => a.name)).toEqual(['input']);
    expect(query.eligibility.args.map((a) => a.name).sort()).toEqual(['asOf', 'personId', 'stationId']);
    expect(String(query.staffing.type)).toBe('StaffingEntryConnection!');
  });

  it('keeps the inspection names (INS-1 .. INS-4): reportHazard, orderRectification, reportRectification, recheckHazard, hazards, hazard, warnings, fireSituation', () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const query = schema.getQueryType()!.getFields();
    const mutation = schema.getMutationType()!.getFields();
    for (const name of ['reportHazard', 'orderRectification', 'reportRectification', 'recheckHazard']) {
      expect(mutation[name].args.map((a) => a.name)).toEqual(['input']);
      expect(String(mutation[name].type)).toBe('Hazard!');
    }
    expect(String(query.hazards.type)).toBe('HazardConnection!');
    expect(query.hazards.args.map((a) => a.name)).toEqual(expect.arrayContaining(['regionId', 'status', 'overdue', 'major', 'premisesId', 'foundFrom', 'foundTo', 'first', 'after']));
    expect(String(query.hazard.type)).toBe('Hazard!');
    expect(query.hazard.args.map((a) => a.name)).toEqual(['id']);
    expect(String(query.warnings.type)).toBe('WarningConnection!');
    expect(query.fireSituation.args.map((a) => a.name).sort()).toEqual(['period', 'regionId', 'sameDays']); // sameDays: optional, added (like for like)
  });

  it('keeps the evaluation names (EVA-1 .. EVA-6): submitWorkReport, scoreWorkReport, castAppraisalBallot, finalizeEvaluation, evaluations, evaluationBreakdown, accountabilityCases', () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const query = schema.getQueryType()!.getFields();
    const mutation = schema.getMutationType()!.getFields();
    for (const name of ['submitWorkReport', 'scoreWorkReport', 'castAppraisalBallot', 'finalizeEvaluation']) expect(mutation[name].args.map((a) => a.name)).toEqual(['input']);
    expect(String(query.evaluations.type)).toBe('EvaluationConnection!');
    expect(query.evaluations.args.map((a) => a.name)).toEqual(expect.arrayContaining(['subjectId', 'periodKind', 'year', 'grade', 'first', 'after']));
    expect(query.evaluationBreakdown.args.map((a) => a.name)).toEqual(['id']);
    expect(String(query.accountabilityCases.type)).toBe('AccountabilityCaseConnection!');
  });

  it('keeps the names integrators code against (townships, guidanceCenter, node)', () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const query = schema.getQueryType()!.getFields();
    expect(String(query.townships.type)).toBe('TownshipConnection!');
    expect(query.townships.args.map((a) => `${a.name}: ${String(a.type)}`)).toEqual(expect.arrayContaining(['first: Int', 'after: String']));
    expect(query.townships.args.find((a) => a.name === 'first')!.defaultValue).toBe(20);
    expect(String(query.guidanceCenter.type)).toBe('GuidanceCenter!');
    expect(String(query.node.type)).toBe('Node');
    const fieldsOf = (name: string) => Object.keys((schema.getType(name) as unknown as { getFields(): object }).getFields());
    expect(fieldsOf('TownshipConnection')).toEqual(expect.arrayContaining(['edges', 'pageInfo', 'totalCount']));
    expect(fieldsOf('TownshipEdge')).toEqual(expect.arrayContaining(['node', 'cursor']));
    expect(fieldsOf('Township')).toEqual(expect.arrayContaining(['id', 'name', 'code', 'station']));
    expect(fieldsOf('Station')).toEqual(expect.arrayContaining(['id', 'name', 'staffQuota']));
    expect(fieldsOf('GuidanceCenter')).toEqual(expect.arrayContaining(['id', 'name', 'staffQuota']));
  });

  it('every object type with an `id: ID!` is a Node, fetchable by node(id:), but the records read only through their parent (strict-id-in-types is off in the schema lint for value objects)', () => {
    // rows of a parent's history or of an administrator's list, never fetched alone: an API key (apiKeys), an audit
    // entry (auditLog), a course's session, a deviation, an exam result, a facility check, a quota change
    // (COM-4, COM-5) a visit's finding, and a member unit's views of its sector's premises and hazards (their ids are
    // the Premises and Hazard ids, fetched by node(id:) as those records by who may read them); a webhook's delivery
    // (webhookDeliveries)
    const THROUGH_PARENT = ['ApiKey', 'AuditEntry', 'CourseSession', 'Deviation', 'ExamResult', 'FacilityCheck', 'StaffQuotaChange',
      'SupervisionFinding', 'SectorPremises', 'SectorHazard', 'WebhookDelivery', 'UnmaskGrant'];
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const notNodes = Object.values(schema.getTypeMap())
      .filter((type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith('__') && type.name !== 'Query' && type.name !== 'Mutation')
      .filter((type) => String(type.getFields().id?.type) === 'ID!' && !type.getInterfaces().some((i) => i.name === 'Node') && !THROUGH_PARENT.includes(type.name))
      .map((type) => type.name);
    expect(notNodes).toEqual([]);
  });

  it('calendar dates are the Date scalar and instants DateTime: no field or argument named like a date is a String', () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const DATE_NAME = /(On|Date|Deadline|DueBy|From|To|Until|Since|At)$|^(deadline|asOf|from|to|date)$/;
    const strings: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || !(isObjectType(type) || isInputObjectType(type))) continue;
      for (const field of Object.values(type.getFields())) {
        if (DATE_NAME.test(field.name) && String(field.type).replace(/[[\]!]/g, '') === 'String') strings.push(`${type.name}.${field.name}`);
        for (const arg of isObjectType(type) ? (field as GraphQLField<unknown, unknown>).args : []) {
          if (DATE_NAME.test(arg.name) && getNamedType(arg.type).name === 'String') strings.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    }
    expect(strings).toEqual([]);
  });

  it('no schema drift: the migrations produce exactly what the entities describe', async () => {
    expect(await pendingSchemaChanges(t.dataSource)).toEqual([]);
  });

  it('the drift gate fails when an entity and the migrations disagree (broken on purpose)', async () => {
    @Entity('drift_probe')
    class DriftProbe {
      @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_drift_probe' }) id: string;
      @Column({ type: 'text', nullable: true }) nickname: string | null;
    }
    const entities = [...ENTITIES, DriftProbe];
    // the same server database, or (embedded: one client per database) a fresh in-memory one
    const config = t.config.database.kind === 'server' ? t.config.database : { ...t.config.database, loadSnapshot: undefined };
    const broken = await openDataSource(config, entities);
    try {
      await runMigrations(broken);
      const changes = await pendingSchemaChanges(broken);
      expect(changes.join('\n')).toMatch(/CREATE TABLE "drift_probe"/);
    } finally {
      await broken.destroy();
    }
  });
});
