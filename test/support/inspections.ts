import { jpeg, uploaded } from './files';
import { AuthService } from '../../src/auth/auth.service';
import { Role } from '../../src/kernel/permissions';
import { RequestContext } from '../../src/kernel/request-context';
import { toGlobalId } from '../../src/graphql/global-id';
import { data, TestAccount, TestApp } from './test-app';

/** Fixtures for the inspections specs: premises, hazards moved along the loop, all through the API. */

export const HAZARD_FIELDS = `id status overdue orderOverdue deadline orderDueBy recheckDueBy majorStatus majorReportDueBy majorCatalogueEdition majorItemCodes
  supervisionClosedAt handedOverAt closedAt version history(first: 100) { edges { node { action fromStatus toStatus actor note details } } }`;

/** The nodes of a connection's page. */
export const nodes = <T = any>(connection: { edges: { node: T }[] }): T[] => connection.edges.map((e) => e.node);

export interface InspectionsFixture {
  t: TestApp;
  /** Two station accounts of 景山镇 (re-check by another person) and the other roles. */
  station: TestAccount;
  colleague: TestAccount;
  center: TestAccount;
  township: TestAccount;
  brigade: TestAccount;
  jingshan: string;
  county: string;
  /** New sessions for every account (after the clock jumped past the idle limit). */
  refresh(): Promise<void>;
}

export async function inspectionsFixture(t: TestApp): Promise<InspectionsFixture> {
  const f: InspectionsFixture = {
    t,
    station: await t.account({ role: Role.STATION, region: '景山镇' }),
    colleague: await t.account({ role: Role.STATION, region: '景山镇' }),
    center: await t.account({ role: Role.CENTER }),
    township: await t.account({ role: Role.TOWNSHIP_GOVERNMENT, region: '景山镇' }),
    brigade: await t.account({ role: Role.BRIGADE }),
    jingshan: toGlobalId('Region', await t.regionId('景山镇')),
    county: toGlobalId('Region', await t.regionId('靖宇县')),
    async refresh() {
      for (const a of [f.station, f.colleague, f.center, f.township, f.brigade]) {
        const { accessToken } = await t.app.get(AuthService).startSession(RequestContext.system('test'), a.id);
        a.token = accessToken;
        a.headers = { authorization: `Bearer ${accessToken}` };
      }
    },
  };
  return f;
}

let n = 0;
export async function createPremises(f: InspectionsFixture, overrides: Record<string, unknown> = {}, who: TestAccount = f.station): Promise<string> {
  return data(await f.t.gqlAs(who, `mutation($i: CreatePremisesInput!) { createPremises(input: $i) { id } }`, {
    i: { regionId: f.jingshan, kind: 'SMALL_VENUE', name: `景山镇小超市${++n}`, address: '景山镇中心街 1 号', responsibleName: '王店主', responsiblePhone: '13912345678', riskLevel: 'GENERAL', ...overrides },
  })).createPremises.id;
}

export async function reportHazard(f: InspectionsFixture, premisesId: string, overrides: Record<string, unknown> = {}, who: TestAccount = f.station) {
  return data(await f.t.gqlAs(who, `mutation($i: ReportHazardInput!) { reportHazard(input: $i) { ${HAZARD_FIELDS} } }`, {
    i: { premisesId, description: '疏散通道堆放杂物', foundOn: f.t.clock.today(), ...overrides },
  })).reportHazard;
}

export async function order(f: InspectionsFixture, hazardId: string, overrides: Record<string, unknown> = {}, who: TestAccount = f.station) {
  return f.t.gqlAs(who, `mutation($i: OrderRectificationInput!) { orderRectification(input: $i) { ${HAZARD_FIELDS} } }`, {
    i: { hazardId, responsibleParty: '王店主', measures: '清理通道杂物', ...overrides },
  });
}

export async function reportRectification(f: InspectionsFixture, hazardId: string, who: TestAccount = f.station) {
  return f.t.gqlAs(who, `mutation($i: ReportRectificationInput!) { reportRectification(input: $i) { ${HAZARD_FIELDS} } }`, {
    i: { hazardId, note: '已清理', evidence: [await uploaded(f.t, who, '整改照片.jpg', jpeg())] },
  });
}

export async function recheck(f: InspectionsFixture, hazardId: string, passed: boolean, who: TestAccount = f.colleague, extra: Record<string, unknown> = {}) {
  return f.t.gqlAs(who, `mutation($i: RecheckHazardInput!) { recheckHazard(input: $i) { ${HAZARD_FIELDS} } }`, {
    i: { hazardId, passed, note: passed ? '复查合格' : '通道仍有杂物', ...extra },
  });
}
