import * as crypto from 'node:crypto';
import { toGlobalId } from '../../src/graphql/global-id';
import { data, TestApp } from '../support/test-app';

/** The committees of 靖宇县 and 景山镇 (seeded), member units made through the API, and another county (抚松县) outside. */
export interface CommitteesWorld {
  countyCommittee: string;
  townshipCommittee: string;
  outsideCommittee: string;
  station: string;
  county: string;
  township: string;
  outsideCounty: string;
  outsideTownship: string;
}

const OUTSIDE_COUNTY = '6f1c1a8e-0000-4000-8000-0000000000c1';
const OUTSIDE_TOWNSHIP = '6f1c1a8e-0000-4000-8000-0000000000c2';
const OUTSIDE_COMMITTEE = '6f1c1a8e-0000-4000-8000-0000000000c3';

export async function committeesWorld(t: TestApp): Promise<CommitteesWorld> {
  const one = async (sql: string, params: unknown[]) => ((await t.dataSource.query(sql, params)) as { id: string }[])[0].id;
  const [city] = (await t.dataSource.query(`SELECT id, path FROM region WHERE name = '白山市'`)) as { id: string; path: string }[];
  await t.dataSource.query(
    `INSERT INTO region (id, parent_id, level, kind, name, code, path, sort_order, version) VALUES
     ($1, $2, 'COUNTY', NULL, '抚松县', '220621', $3, 9, 1), ($4, $1, 'TOWNSHIP', 'TOWN', '抚松镇', NULL, $5, 1, 1)`,
    [OUTSIDE_COUNTY, city.id, `${city.path}${OUTSIDE_COUNTY}/`, OUTSIDE_TOWNSHIP, `${city.path}${OUTSIDE_COUNTY}/${OUTSIDE_TOWNSHIP}/`],
  );
  await t.dataSource.query(`INSERT INTO organization (id, kind, name, region_id, parent_id, staff_quota, version) VALUES
     ($1, 'COUNTY_COMMITTEE', '抚松县消防救援委员会', $2, NULL, NULL, 1), ($3, 'COUNTY_COMMITTEE_OFFICE', '抚松县消防救援委员会办公室', $2, $1, NULL, 1)`,
  [OUTSIDE_COMMITTEE, OUTSIDE_COUNTY, '6f1c1a8e-0000-4000-8000-0000000000c4']);
  const org = (region: string, kind: string) => one(`SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = $1 AND o.kind = $2`, [region, kind]);
  return {
    countyCommittee: toGlobalId('Organization', await org('靖宇县', 'COUNTY_COMMITTEE')),
    townshipCommittee: toGlobalId('Organization', await org('景山镇', 'TOWNSHIP_COMMITTEE')),
    outsideCommittee: toGlobalId('Organization', OUTSIDE_COMMITTEE),
    station: toGlobalId('Organization', await org('景山镇', 'FIRE_WORK_STATION')),
    county: toGlobalId('Region', await t.regionId('靖宇县')),
    township: toGlobalId('Region', await t.regionId('景山镇')),
    outsideCounty: toGlobalId('Region', OUTSIDE_COUNTY),
    outsideTownship: toGlobalId('Region', OUTSIDE_TOWNSHIP),
  };
}

/** A member unit of a committee (COM-1), made by the county office through createOrganization. */
export async function memberUnit(t: TestApp, name: string, regionId: string, committeeId: string): Promise<string> {
  return data(await t.admins.system.gql(`mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`, {
    i: { kind: 'MEMBER_UNIT', name, regionId, committeeId },
  })).createOrganization.id;
}

const uuid = (globalId: string) => Buffer.from(globalId, 'base64').toString('utf8').split(':')[1];

/**
 * A committee task row written directly (the tasks' API is built elsewhere): assigned by the county committee to
 * `assigneeId`, seated in the assignee's region, with the state COM-6 looks at.
 */
export async function insertTask(t: TestApp, w: CommitteesWorld, o: {
  assigneeId: string; title: string; assignedOn: string; deadline: string; status?: string; returnCount?: number; decisionId?: string | null;
}): Promise<string> {
  const id = crypto.randomUUID();
  const status = o.status ?? 'IN_PROGRESS';
  const [assignee] = (await t.dataSource.query(`SELECT region_id FROM organization WHERE id = $1`, [uuid(o.assigneeId)])) as { region_id: string }[];
  const office = ((await t.dataSource.query(`SELECT id FROM organization WHERE kind = 'COUNTY_COMMITTEE_OFFICE' AND region_id = $1`, [uuid(w.county)])) as { id: string }[])[0].id;
  await t.dataSource.query(
    `INSERT INTO committee_task (id, committee_id, assigned_by_id, assignee_id, region_id, source, decision_id, title, requirement, assigned_on, deadline, evidence_required,
       status, policy_version, accepted_at, completed_on_time, return_count, last_return_reason, created_by, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '按要求办理', $9, $10, true, $11, 1, $12, $13, $14, $15, 'test', 1)`,
    [id, uuid(w.countyCommittee), office, uuid(o.assigneeId), assignee.region_id, o.decisionId ? 'DECISION' : 'DEPLOYMENT', o.decisionId ? uuid(o.decisionId) : null, o.title,
      o.assignedOn, o.deadline, status, status === 'ACCEPTED' ? new Date() : null, status === 'ACCEPTED' ? false : null, o.returnCount ?? 0, o.returnCount ? '佐证不足' : null],
  );
  return toGlobalId('Task', id);
}
