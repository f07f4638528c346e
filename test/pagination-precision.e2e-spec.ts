import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { buildSchema, getNamedType, isObjectType } from 'graphql';
import { Role } from '../src/kernel/permissions';
import { createTestApp, data, error, TestAccount, TestApp } from './support/test-app';

/**
 * Pages never lose a row. Rows are written through SQL, as seed data, migrations and column defaults write them:
 * timestamps with microseconds a JavaScript Date cannot hold, and runs of equal timestamps. Every connection of the
 * schema is paged through with `first: 1`, `first: 7` and `first: 100`: each inserted row comes back exactly once
 * and the rows seen equal `totalCount`.
 *
 * Adding a connection: add ONE entry to FIXTURES, keyed `Type.field` as schema.gql has it (the spec reads the
 * connections from schema.gql and fails on any it has no entry for). An entry writes its rows through SQL and says
 * how to reach the connection: `select` is the query with `PAGE` where the connection's arguments and selection go
 * (`$first`/`$after` are declared by the runner), `pick` digs the connection out of the answer; `actor`, for a list
 * answering another account than the county committee office (`t.gql`), is who reads it.
 */

/** Rows per connection: pages of 7 end inside runs of equal and same-millisecond timestamps. */
const N = 23;
/** The page sizes every connection is read with. */
const SIZES = [1, 7, 100];
/**
 * The timestamp of inserted row `g`: four values one millisecond apart would be exact in JavaScript; these are 111
 * microseconds apart inside ONE millisecond, about six rows each (equal timestamps, the id breaks the tie).
 */
const ts = (g = 'g') => `(timestamptz '2026-11-20 08:00:00.123+08' + ((${g} % 4) * 111) * interval '1 microsecond')`;
/** A uuid of its own per fixture and row. */
const uid = (tag: string, g = 'g') => `md5('${tag}' || ${g})::uuid`;
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

interface Ctx {
  t: TestApp;
  county: string;
  township: string;
  station: string;
  /** A person of 景山镇 (inserted through SQL) the personal lists hang on. */
  person: string;
  /** The account of a county member unit (written by Query.sectorPremises' seed): the sector lists answer it only. */
  memberUnit?: TestAccount;
  /** The administrators who read the administrative lists (GB/T 22239-2019 8.1.5): keys, webhooks, grants, the trail. */
  security: TestAccount;
  audit: TestAccount;
}

interface Fixture {
  /** Writes the rows and returns their uuids (the connection may list more rows than these, never fewer). */
  seed(c: Ctx): Promise<string[]>;
  /** The query; `PAGE` stands for `(first: $first, after: $after…) { totalCount pageInfo … edges { node { id } } }`. */
  select(c: Ctx): string;
  /** More arguments of the connection (after `first` and `after`). */
  args?: string;
  pick(data: any): any;
  /**
   * For a node type without `id` (a history row): the field that tells rows apart, whose value the inserted rows'
   * `RETURNING id` must give (insertRows' `key` column); a list is read as its text (`String`).
   */
  key?: string;
  /** For a node without `id` told apart by an object it names (a township's coverage): that field, read as its `id`. */
  via?: string;
  /** Who reads the connection when not the county committee office (`t.gql`): a list answering one role only. */
  actor?: (c: Ctx) => TestAccount;
}

/** `query` on a root connection. */
const root = (field: string, args = ''): Pick<Fixture, 'select' | 'pick' | 'args'> => ({ select: () => `${field}PAGE`, pick: (d) => d[field], args });
/** A connection of the node `id(c)` of `type`. */
const ofNode = (type: string, field: string, id: (c: Ctx) => string): Pick<Fixture, 'select' | 'pick'> => ({
  select: (c) => `node(id: "${gid(type, id(c))}") { ... on ${type} { ${field}PAGE } }`,
  pick: (d) => d.node[field],
});
const ids = async (c: Ctx, sql: string, params: unknown[] = []) => (await c.t.dataSource.query(sql, params)).map((r: { id: string }) => r.id);

/** Inserts N rows with `columns`, whose values are SQL of the series variable `g`; returns their ids. */
async function insertRows(c: Ctx, table: string, values: Record<string, string>, key = 'id'): Promise<string[]> {
  const cols = Object.keys(values);
  return ids(c, `INSERT INTO ${table} (${cols.join(', ')}) SELECT ${cols.map((k) => values[k]).join(', ')} FROM generate_series(1, ${N}) g RETURNING ${key} AS id`);
}

/** The uuid PostgreSQL's `md5(text)::uuid` makes of `text` (a row `uid` wrote). */
const md5uuid = (text: string) => createHash('md5').update(text).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
const RISK_POINT = '00000000-0000-4000-8000-00000000a001';
const PRACTICE = '00000000-0000-4000-8000-00000000a002';
/** A village of 景山镇 (inserted while seeding). */
const VILLAGE = '00000000-0000-4000-8000-00000000a003';
/** Townships of 靖宇县 of the test's own (their villages are the rows written here). */
const TOWNSHIP_OF_TEST = '00000000-0000-4000-8000-00000000a004';
const TOWNSHIP_OF_TEST_2 = '00000000-0000-4000-8000-00000000a005';
const IMPORT_JOB = '00000000-0000-4000-8000-00000000a006';
/** The test township's committee (COM-1): its member units, meetings and campaigns are the rows written here. */
const TEST_COMMITTEE = '00000000-0000-4000-8000-00000000a007';
/** A county member unit (the sector unit of premises written here) and its duty list in force. */
const SECTOR_UNIT = '00000000-0000-4000-8000-00000000a008';
const DUTY_LIST = '00000000-0000-4000-8000-00000000a009';
/** A published meeting of the county committee, its decision, a campaign of it, and a task passed on. */
const MEETING = '00000000-0000-4000-8000-00000000a00a';
const DECISION = '00000000-0000-4000-8000-00000000a00b';
const CAMPAIGN = '00000000-0000-4000-8000-00000000a00c';
const PARENT_TASK = '00000000-0000-4000-8000-00000000a00d';
/** Webhook subscriptions of 景山镇: one with the deliveries written here, one with a delivery and its attempts. */
const WEBHOOK = '00000000-0000-4000-8000-00000000a00e';
const WEBHOOK_2 = '00000000-0000-4000-8000-00000000a00f';

/** Regions under `parent`, written with its path; sort orders repeat. */
function regionRow(tag: string, parent: string, level: string): Record<string, string> {
  return {
    id: uid(tag), parent_id: `'${parent}'`, level: `'${level}'`, kind: level === 'VILLAGE' ? `'VILLAGE'` : 'NULL', name: `'${tag}' || g`,
    path: `(SELECT path FROM region WHERE id = '${parent}') || ${uid(tag)}::text || '/'`, sort_order: 'g % 3', created_at: ts(), updated_at: ts(), version: '1',
  };
}

const FIXTURES: Record<string, Fixture> = {
  'Query.evaluations': {
    ...root('evaluations'),
    seed: (c) => insertRows(c, 'evaluation_result', evaluationRow('ev', c)),
  },
  // the outbox in its order (txid, seq): runs of equal txids (seq breaks the tie), all far below any running transaction
  'Query.events': {
    ...root('events', `regionId: "${gid('Region', VILLAGE)}"`),
    seed: (c) => insertRows(c, 'integration_event', {
      id: uid('ie'), txid: '(10 + g % 4)', type: `'hazard.reported'`, occurred_at: ts(), region_id: `'${VILLAGE}'`,
      region_path: `(SELECT path FROM region WHERE id = '${VILLAGE}')`, county_id: `'${c.county}'`, subject_id: `'SGF6YXJkOng'`, payload: `'{}'::jsonb`,
    }),
  },
  'Query.accountabilityCases': {
    ...root('accountabilityCases'),
    async seed(c) {
      // one case per person and year: a person of its own for each row, and the two results it cites
      await insertRows(c, 'person', personRow('acp', c));
      await insertRows(c, 'evaluation_result', { ...evaluationRow('acr', c), subject_id: uid('acp'), year: '2025' });
      return insertRows(c, 'accountability_case', {
        id: uid('ac'), person_id: uid('acp'), person_name: `'人员' || g`, region_id: `'${c.township}'`, year: '2026',
        previous_result_id: uid('acr'), result_id: uid('acr'), assessing_department: `'景山镇人民政府'`, establishment_unit: `'景山镇人民政府'`,
        status: `'OPEN'`, notified_at: ts(), created_at: ts(), updated_at: ts(), version: '1',
      });
    },
  },
  // COM-6: member units' cases, the same table's MEMBER_UNIT rows (the person cases above are not listed here)
  'Query.memberUnitAccountabilityCases': {
    ...root('memberUnitAccountabilityCases'),
    async seed(c) {
      const unit = md5uuid('mucu');
      await c.t.dataSource.query(`INSERT INTO organization (id, kind, name, region_id, version) VALUES ($1, 'MEMBER_UNIT', '分页成员单位', $2, 1)`, [unit, c.township]);
      return insertRows(c, 'accountability_case', {
        id: uid('muc'), subject_kind: `'MEMBER_UNIT'`, person_name: `'分页成员单位'`, organization_id: `'${unit}'`, reason: `'工作不落实' || g`, task_ids: `'{}'`,
        region_id: `'${c.township}'`, year: '2026', assessing_department: `'委员会办公室'`, establishment_unit: `'分页成员单位'`,
        status: `'OPEN'`, notified_at: ts(), created_at: ts(), updated_at: ts(), version: '1',
      });
    },
  },
  'Query.deviations': {
    ...root('deviations'),
    async seed(c) {
      // at most one open request per person, station and rule: a person of its own for each row
      await insertRows(c, 'person', personRow('dvp', c));
      return insertRows(c, 'eligibility_deviation', {
        id: uid('dv'), person_id: uid('dvp'), organization_id: `'${c.station}'`, rule: `'PER_2'`, justification: `'说明'`, status: `'PENDING'`,
        requested_by: `'test'`, requested_at: ts(), version: '1',
      });
    },
  },
  'Person.posts': {
    ...ofNode('Person', 'posts', (c) => c.person),
    // created_at is PostgreSQL's now(): the column default the issue names
    seed: (c) => insertRows(c, 'post', {
      id: uid('po'), person_id: `'${c.person}'`, organization_id: `'${c.station}'`, state: `'LEFT'`, left_on: `'2026-01-01'`, leave_reason: `'RESIGNATION'`,
      created_at: ts(), updated_at: ts(), version: '1',
    }),
  },
  'Post.transitions': {
    select: (c) => `node(id: "${gid('Person', c.person)}") { ... on Person { posts(first: 1) { edges { node { transitions PAGE } } } } }`,
    pick: (d) => d.node.posts.edges[0].node.transitions,
    key: 'note',
    async seed(c) {
      const [post] = await ids(c, `SELECT id FROM post WHERE person_id = $1 ORDER BY created_at, id LIMIT 1`, [c.person]);
      return insertRows(c, 'post_transition', { id: uid('pt'), post_id: `'${post}'`, from_state: 'NULL', to_state: `'CANDIDATE'`, at: ts(), actor: `'test'`, note: `'pt' || g` }, 'note');
    },
  },
  'Station.quotaHistory': {
    select: (c) => `stations(regionId: "${gid('Region', c.township)}", first: 1) { edges { node { quotaHistory PAGE } } }`,
    pick: (d) => d.stations.edges[0].node.quotaHistory,
    seed: (c) => insertRows(c, 'staff_quota_change', {
      id: uid('qc'), organization_id: `'${c.station}'`, previous_quota: '2', new_quota: '2', reason: `'测试'`, changed_by: `'test'`, changed_at: ts(),
    }),
  },
  'Query.complaints': {
    ...root('complaints'),
    seed: (c) => insertRows(c, 'complaint', {
      id: uid('cp'), region_id: `'${c.township}'`, received_at: ts(), channel: `'PHONE'`, category: `'OTHER'`, content: `'投诉' || g`,
      check_due_at: `${ts()} + interval '1 day'`, policy_version: '1', recorded_by: `'test'`, version: '1',
    }),
  },
  'Query.warnings': {
    ...root('warnings'),
    seed: (c) => insertRows(c, 'warning', {
      id: uid('wn'), subject_type: `'HAZARD'`, subject_id: uid('wns'), region_id: `'${c.township}'`, rule_code: '(SELECT code FROM warning_rule ORDER BY code LIMIT 1)',
      level: `'BLUE'`, status: `'ACTIVE'`, message: `'预警' || g`, raised_at: ts(), version: '1',
    }),
  },
  'RiskPoint.observations': {
    ...ofNode('RiskPoint', 'observations', () => RISK_POINT),
    key: 'note',
    async seed(c) {
      await c.t.dataSource.query(`INSERT INTO risk_point (id, region_id, name, description, level, created_by, version) VALUES ($1, $2, '风险点', '说明', 'LOW', 'test', 1)`, [RISK_POINT, c.township]);
      return insertRows(c, 'risk_observation', { id: uid('ro'), risk_point_id: `'${RISK_POINT}'`, observed_at: ts(), note: `'观察' || g`, observed_by: `'test'` }, 'note');
    },
  },
  'Query.workReports': {
    ...root('workReports'),
    seed: (c) => insertRows(c, 'work_report', {
      id: uid('wr'), organization_id: `'${c.station}'`, region_id: `'${c.township}'`, kind: `'REPORT'`, period_kind: `'MONTH'`, period_year: '2000 + g',
      period_number: '1', title: `'报告' || g`, content: `'内容'`, status: `'SUBMITTED'`, submitted_by: `'test'`, submitted_at: ts(), version: '1',
    }),
  },
  'Query.fires': {
    ...root('fires'),
    seed: (c) => insertRows(c, 'fire_incident', fireRow('fi', c)),
  },
  'Query.investigations': {
    ...root('investigations'),
    async seed(c) {
      await insertRows(c, 'fire_incident', fireRow('ivf', c));
      return insertRows(c, 'investigation_case', {
        id: uid('iv'), fire_id: uid('ivf'), region_id: `'${c.township}'`, reasons: `ARRAY['DEATHS']`, status: `'OPEN'`, opened_at: ts(),
        responsible_parties: `'[]'`, accountability_outcomes: `'[]'`, version: '1',
      });
    },
  },
  'Query.goodPractices': {
    ...root('goodPractices'),
    seed: (c) => insertRows(c, 'good_practice', practiceRow('gp', c)),
  },
  'GoodPractice.events': {
    ...ofNode('GoodPractice', 'events', () => PRACTICE),
    key: 'note',
    async seed(c) {
      await c.t.dataSource.query(`INSERT INTO good_practice (${Object.keys(practiceRow('x', c)).join(', ')}) SELECT ${Object.values(practiceRow('x', c)).join(', ')} FROM (SELECT 0 AS g) s`);
      await c.t.dataSource.query(`UPDATE good_practice SET id = $1 WHERE id = md5('x0')::uuid`, [PRACTICE]);
      return insertRows(c, 'good_practice_event', { id: uid('ge'), practice_id: `'${PRACTICE}'`, action: `'SUBMIT'`, to_status: `'SUBMITTED'`, actor: `'test'`, at: ts(), note: `'ge' || g` }, 'note');
    },
  },
  'Query.hazards': {
    ...root('hazards'),
    // found_on is a date: equal dates, the id decides
    seed: (c) => insertRows(c, 'hazard', {
      id: uid('hz'), region_id: `'${c.township}'`, source: `'OTHER'`, description: `'隐患' || g`, found_on: `date '2026-11-20' - (g % 3)`, status: `'REPORTED'`,
      order_due_by: `date '2026-11-25'`, major_status: `'NONE'`, policy_version: '1', reported_by: `'test'`, created_at: ts(), updated_at: ts(), version: '1',
    }),
  },
  'Query.handOvers': {
    ...root('handOvers'),
    // one open case per hazard (uq_hand_over_open_hazard): a hazard of its own for each row; handed_over_at in microseconds
    async seed(c) {
      await insertRows(c, 'hazard', {
        id: uid('hho'), region_id: `'${c.township}'`, source: `'OTHER'`, description: `'移交隐患' || g`, found_on: `date '2026-11-20'`, status: `'REPORTED'`,
        order_due_by: `date '2026-11-25'`, major_status: `'NONE'`, policy_version: '1', reported_by: `'test'`, handed_over_at: ts(), version: '1',
      });
      return insertRows(c, 'hand_over', {
        id: uid('hov'), hazard_id: uid('hho'), region_id: `'${c.township}'`, state: `'PENDING'`, handed_over_at: ts(), handed_over_by: `'test'`,
        reason: `'拒不整改'`, accept_due_by: `date '2026-11-25'`, policy_version: '1', version: '1',
      });
    },
  },
  'Query.posts': {
    ...root('posts'),
    // uq_post_person_open: a person of its own for each row; created_at in microseconds, as the column default now() writes it
    async seed(c) {
      await insertRows(c, 'person', personRow('qpp', c));
      return insertRows(c, 'post', {
        id: uid('qpo'), person_id: uid('qpp'), organization_id: `'${c.station}'`, state: `'CANDIDATE'`, created_at: ts(), updated_at: ts(), version: '1',
      });
    },
  },
  // the corrections of a record: ordered by seq (an identity, no fractional part); correctedAt still has microseconds
  'Person.corrections': {
    ...ofNode('Person', 'corrections', (c) => c.person),
    key: 'reason',
    seed: (c) => insertRows(c, 'record_correction', correctionRow('pc', 'Person', `'${c.person}'`), 'reason'),
  },
  'FireIncident.corrections': {
    ...ofNode('FireIncident', 'corrections', () => md5uuid('fi1')),
    key: 'reason',
    seed: (c) => insertRows(c, 'record_correction', correctionRow('fc', 'FireIncident', uid('fi', '1')), 'reason'),
  },
  'Hazard.corrections': {
    ...ofNode('Hazard', 'corrections', () => md5uuid('hz1')),
    key: 'reason',
    seed: (c) => insertRows(c, 'record_correction', correctionRow('hc', 'Hazard', uid('hz', '1')), 'reason'),
  },
  'WorkReport.corrections': {
    ...ofNode('WorkReport', 'corrections', () => md5uuid('wr1')),
    key: 'reason',
    seed: (c) => insertRows(c, 'record_correction', correctionRow('wc', 'WorkReport', uid('wr', '1')), 'reason'),
  },
  'VillageGuidance.corrections': {
    select: () => `villageGuidance(villageId: "${gid('Region', VILLAGE)}") { corrections PAGE }`,
    pick: (d) => d.villageGuidance.corrections,
    key: 'reason',
    async seed(c) {
      return insertRows(c, 'record_correction', correctionRow('vc', 'VillageGuidance', `'${VILLAGE}'`), 'reason');
    },
  },
  // root lists read with regionId of the test village: only the rows written here (equal names and dates, the id decides)
  'Query.people': {
    ...root('people', `regionId: "${gid('Region', VILLAGE)}"`),
    seed: (c) => insertRows(c, 'person', { ...personRow('pe', c), region_id: `'${VILLAGE}'`, name: `'同名'` }),
  },
  'Query.premises': {
    ...root('premises', `regionId: "${gid('Region', VILLAGE)}"`),
    seed: (c) => insertRows(c, 'premises', premisesRow('pm')),
  },
  'Query.premisesLog': {
    ...root('premisesLog', `premisesId: "${gid('Premises', md5uuid('pm1'))}"`),
    key: 'summary',
    // ordered by own time (runs of equal and microsecond values), then seq (an identity)
    seed: (c) => insertRows(c, 'premises_event', {
      id: uid('pe'), premises_id: uid('pm', '1'), at: ts(), occurred_at: ts(), kind: `'CHANGED'`, summary: `'记录' || g`, actor: `'test'`, attachments: `'[]'`,
    }, 'summary'),
  },
  'Query.inspections': {
    ...root('inspections', `regionId: "${gid('Region', VILLAGE)}"`),
    seed: (c) => insertRows(c, 'inspection', {
      id: uid('in'), premises_id: uid('pm', '1'), region_id: `'${VILLAGE}'`, template_id: '(SELECT id FROM checklist_template ORDER BY id LIMIT 1)',
      inspected_on: `date '2026-11-20' - (g % 3)`, inspectors: `ARRAY['张三']`, results: `'[]'`, attachments: `'[]'`, policy_version: '1', recorded_by: `'test'`, recorded_at: ts(),
    }),
  },
  'Query.inspectionPlans': {
    ...root('inspectionPlans', `regionId: "${gid('Region', VILLAGE)}"`),
    seed: (c) => insertRows(c, 'inspection_plan', {
      id: uid('ip'), region_id: `'${VILLAGE}'`, title: `'计划' || g`, period_start: `date '2026-11-01' - (g % 3)`, period_end: `date '2026-12-31'`,
      assignees: `ARRAY['张三']`, created_by: `'test'`, created_at: ts(),
    }),
  },
  'Query.riskPoints': {
    ...root('riskPoints', `regionId: "${gid('Region', VILLAGE)}"`),
    seed: (c) => insertRows(c, 'risk_point', {
      id: uid('rp'), region_id: `'${VILLAGE}'`, name: `'同名风险点'`, description: `'说明'`, level: `'LOW'`, created_by: `'test'`, created_at: ts(), updated_at: ts(), version: '1',
    }),
  },
  'Query.courses': {
    ...root('courses', `regionId: "${gid('Region', VILLAGE)}"`),
    seed: (c) => insertRows(c, 'course', {
      id: uid('co'), kind: `'OTHER'`, title: `'课程' || g`, region_id: `'${VILLAGE}'`, organizer: `'中心'`, starts_on: `date '2026-11-20' - (g % 3)`,
      ends_on: `date '2026-11-30'`, created_by: `'test'`, created_at: ts(),
    }),
  },
  'Query.exams': {
    ...root('exams', `regionId: "${gid('Region', VILLAGE)}"`),
    seed: (c) => insertRows(c, 'exam', {
      id: uid('ex'), kind: `'OTHER'`, title: `'考试' || g`, region_id: `'${VILLAGE}'`, held_on: `date '2026-11-20' - (g % 3)`, pass_mark: '60',
      policy_version: '1', created_by: `'test'`, created_at: ts(),
    }),
  },
  'Query.guidanceVisits': {
    ...root('guidanceVisits', `regionId: "${gid('Region', VILLAGE)}"`),
    seed: (c) => insertRows(c, 'guidance_visit', {
      id: uid('gv'), village_id: `'${VILLAGE}'`, visited_on: `date '2026-11-20' - (g % 3)`, visitors: `ARRAY['张三']`, content: `'指导' || g`,
      attachments: `'[]'`, recorded_by: `'test'`, recorded_at: ts(),
    }),
  },
  'Query.dutyReports': {
    ...root('dutyReports', `regionId: "${gid('Region', VILLAGE)}"`),
    // year * 100 + month: equal months, the id decides; one report per subject and month
    seed: (c) => insertRows(c, 'duty_report', {
      id: uid('dr'), subject_kind: `'PERSON'`, subject_id: uid('drs'), station_id: `'${c.station}'`, region_id: `'${VILLAGE}'`, year: '2026', month: '1 + g % 3',
      content: `'述职' || g`, attachments: `'[]'`, submitted_by: `'test'`, submitted_at: ts(), created_at: ts(), updated_at: ts(), version: '1',
    }),
  },
  'Query.evaluationReminders': {
    ...root('evaluationReminders', `regionId: "${gid('Region', VILLAGE)}"`),
    // no id in the API: each row names a subject of its own, read back as the list's text
    key: 'subjects',
    // one reminder per station, period and kind: equal years and numbers in turn, the id decides
    seed: (c) => insertRows(c, 'evaluation_reminder', {
      id: uid('er'), station_id: `'${c.station}'`, region_id: `'${VILLAGE}'`, period_kind: `'MONTH'`, year: '2000 + g / 3', number: '1 + g % 3',
      kind: `'REPORT_MISSING'`, audience: `'CENTER'`, subjects: `jsonb_build_array('er' || g)`, reminded_at: ts(),
    }, `subjects->>0`),
  },
  'Query.auditLog': {
    ...root('auditLog', 'operation: "paginationFixture"'),
    actor: (c) => c.audit,
    key: 'id',
    // ordered by id (an identity), newest first
    seed: (c) => insertRows(c, 'audit_entry', {
      at: ts(), actor_kind: `'SYSTEM'`, actor_label: `'test'`, request_id: `'r' || g`, operation: `'paginationFixture'`, outcome: `'SUCCESS'`,
      // an auditor reads the entries of its jurisdiction only (8.1.4.3 with 8.1.4.2): these are the county's
      scope_path: `(SELECT path FROM region WHERE id = '${c.county}')`,
    }, 'id::text'),
  },
  'Query.activities': {
    ...root('activities', `regionId: "${gid('Region', VILLAGE)}"`),
    seed: (c) => insertRows(c, 'training_activity', {
      id: uid('ta'), kind: `'PUBLICITY'`, title: `'宣传' || g`, held_on: `date '2026-11-20' - (g % 3)`, region_id: `'${VILLAGE}'`, organizer: `'中心'`,
      audiences: `ARRAY['VILLAGERS']`, participant_count: '10', content: `'内容'`, attachments: `'[]'`, recorded_by: `'test'`, recorded_at: ts(),
    }),
  },
  'Query.accounts': {
    ...root('accounts', `regionId: "${gid('Region', VILLAGE)}"`),
    seed: (c) => insertRows(c, 'account', {
      id: uid('ac'), username: `'pgacct' || g`, display_name: `'账号' || g`, role: `'STATION'`, region_id: `'${VILLAGE}'`, password_hash: `'x'`,
      must_change_password: 'false', password_changed_at: ts(), created_by: `'test'`, created_at: ts(), updated_at: ts(), version: '1',
    }),
  },
  'Query.apiKeys': {
    ...root('apiKeys'),
    actor: (c) => c.security,
    seed: (c) => insertRows(c, 'api_key', {
      id: uid('ak'), name: `'密钥' || g`, prefix: `'pgkey' || g`, secret_hash: `'x'`, permissions: `ARRAY['ACCOUNTABILITY_READ']`, region_id: `'${c.township}'`,
      created_by: `'test'`, created_at: ts(),
    }),
  },
  // names are unique per region and kind: the id breaks no tie here
  'Query.organizations': {
    ...root('organizations', `regionId: "${gid('Region', VILLAGE)}"`),
    seed: (c) => insertRows(c, 'organization', {
      id: uid('og'), kind: `'MEMBER_UNIT'`, name: `'成员单位' || g`, region_id: `'${VILLAGE}'`, created_at: ts(), updated_at: ts(), version: '1',
    }),
  },
  // villages of a test township and townships of 靖宇县: equal sort orders, the id decides
  'Query.regions': {
    ...root('regions', `parentId: "${gid('Region', TOWNSHIP_OF_TEST)}"`),
    seed: async (c) => {
      await c.t.dataSource.query(`INSERT INTO region (id, parent_id, level, kind, name, path, sort_order, version) SELECT $1::uuid, id, 'TOWNSHIP', NULL, '测试乡', path || $1::text || '/', 99, 1 FROM region WHERE id = $2`,
        [TOWNSHIP_OF_TEST, c.county]);
      return insertRows(c, 'region', regionRow('rg', TOWNSHIP_OF_TEST, 'VILLAGE'));
    },
  },
  'Query.townships': {
    // the test account's townships (of 靖宇县) and 23 more
    ...root('townships'),
    seed: (c) => insertRows(c, 'region', regionRow('tw', c.county, 'TOWNSHIP')),
  },
  'Query.stations': {
    ...root('stations', `regionId: "${gid('Region', TOWNSHIP_OF_TEST)}"`),
    // one station per region (uq_organization_single_per_region): one in each village written for Query.regions, all of one name
    seed: (c) => insertRows(c, 'organization', {
      id: uid('st'), kind: `'FIRE_WORK_STATION'`, name: `'同名工作站'`, region_id: uid('rg'), staff_quota: '2', created_at: ts(), updated_at: ts(), version: '1',
    }),
  },
  'Query.staffing': {
    ...root('staffing', `regionId: "${gid('Region', TOWNSHIP_OF_TEST)}"`),
    // the stations above (region path, kind, id): equal paths and kinds, the id decides
    key: 'organizationId',
    seed: async (c) => (await ids(c, `SELECT id FROM organization WHERE id IN (SELECT ${uid('st')} FROM generate_series(1, ${N}) g)`)).map((id: string) => gid('Organization', id)),
  },
  // nested lists of the rows above
  'Course.sessions': {
    ...ofNode('Course', 'sessions', () => md5uuid('co1')),
    seed: (c) => insertRows(c, 'course_session', {
      id: uid('cs'), course_id: uid('co', '1'), held_on: `date '2026-11-20' - (g % 3)`, topic: `'课时' || g`, hours: '2', created_by: `'test'`, created_at: ts(),
    }),
  },
  'CourseSession.attendance': {
    // the one session of the second course; one row per person (the people of Query.posts), ordered by the person's id
    select: () => `node(id: "${gid('Course', md5uuid('co2'))}") { ... on Course { sessions(first: 1) { edges { node { attendance PAGE } } } } }`,
    pick: (d) => d.node.sessions.edges[0].node.attendance,
    key: 'note',
    async seed(c) {
      await c.t.dataSource.query(`INSERT INTO course_session (id, course_id, held_on, topic, hours, created_by) VALUES (md5('cas')::uuid, ${uid('co', '2')}, date '2026-11-20', '课时', 2, 'test')`);
      return insertRows(c, 'course_attendance', {
        session_id: `md5('cas')::uuid`, person_id: uid('qpp'), status: `'PRESENT'`, note: `'ca' || g`, recorded_by: `'test'`, recorded_at: ts(),
      }, 'note');
    },
  },
  'Exam.results': {
    ...ofNode('Exam', 'results', () => md5uuid('ex1')),
    // the highest score first: equal scores, the id decides; one result per person (the people of Query.posts)
    seed: (c) => insertRows(c, 'exam_result', {
      id: uid('xr'), exam_id: uid('ex', '1'), person_id: uid('qpp'), score: '60 + g % 3', passed: 'true', sat_on: `date '2026-11-20'`, recorded_by: `'test'`, recorded_at: ts(),
    }),
  },
  'Person.examResults': {
    ...ofNode('Person', 'examResults', (c) => c.person),
    // one result in each exam of Query.exams: equal dates, the id decides
    seed: (c) => insertRows(c, 'exam_result', {
      id: uid('pxr'), exam_id: uid('ex'), person_id: `'${c.person}'`, score: '80', passed: 'true', sat_on: `date '2026-11-20' - (g % 3)`, recorded_by: `'test'`, recorded_at: ts(),
    }),
  },
  'Hazard.history': {
    ...ofNode('Hazard', 'history', () => md5uuid('hz1')),
    key: 'note',
    // ordered by seq (an identity)
    seed: (c) => insertRows(c, 'hazard_event', {
      id: uid('he'), hazard_id: uid('hz', '1'), action: `'REPORTED'`, to_status: `'REPORTED'`, at: ts(), actor: `'test'`, note: `'he' || g`, details: `'{}'`, attachments: `'[]'`,
    }, 'note'),
  },
  'InspectionPlan.targets': {
    ...ofNode('InspectionPlan', 'targets', () => md5uuid('ip1')),
    // the premises of Query.premises, all of one name: the id decides
    seed: (c) => insertRows(c, 'inspection_plan_target', { plan_id: uid('ip', '1'), premises_id: uid('pm') }, 'premises_id'),
  },
  'GuidanceCenter.quotaHistory': {
    select: () => `guidanceCenter { quotaHistory PAGE }`,
    pick: (d) => d.guidanceCenter.quotaHistory,
    seed: (c) => insertRows(c, 'staff_quota_change', {
      id: uid('gqc'), organization_id: `(SELECT id FROM organization WHERE kind = 'GUIDANCE_CENTER' AND region_id = '${c.county}')`, previous_quota: '3', new_quota: '3',
      reason: `'测试'`, changed_by: `'test'`, changed_at: ts(),
    }),
  },
  'Query.villageCoverage': {
    ...root('villageCoverage'),
    // one row per township of the test account's county, paged on the townships (sort order, id): those of Query.townships
    via: 'township',
    seed: (c) => ids(c, `SELECT id FROM region WHERE id IN (SELECT ${uid('tw')} FROM generate_series(1, ${N}) g)`),
  },
  'StaffingEntry.deviationsInForce': {
    select: () => `staffing(regionId: "${gid('Region', TOWNSHIP_OF_TEST)}", first: 1) { edges { node { deviationsInForce PAGE } } }`,
    pick: (d) => d.staffing.edges[0].node.deviationsInForce,
    async seed(c) {
      // the first station of that list (region path, kind, id); in force: approved, for people holding a post there
      const [station] = await ids(c, `SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id
        WHERE o.id IN (SELECT ${uid('st')} FROM generate_series(1, ${N}) g) ORDER BY r.path, o.kind, o.id LIMIT 1`);
      await insertRows(c, 'person', personRow('dip', c));
      await insertRows(c, 'post', {
        id: uid('dipo'), person_id: uid('dip'), organization_id: `'${station}'`, state: `'CANDIDATE'`, created_at: ts(), updated_at: ts(), version: '1',
      });
      return insertRows(c, 'eligibility_deviation', {
        id: uid('di'), person_id: uid('dip'), organization_id: `'${station}'`, rule: `'PER_2'`, justification: `'说明'`, status: `'APPROVED'`,
        requested_by: `'test'`, requested_at: ts(), decided_by: `'test'`, decided_at: ts(), version: '1',
      });
    },
  },
  // a township's lists of villages, cut in memory from its villages (sort order, id): the villages of Query.regions,
  // which have no manager, pledge or team (sort orders repeat, the id decides)
  ...Object.fromEntries(['lackingManager', 'lackingPledge', 'lackingTeam'].map((field): [string, Fixture] => [`TownshipVillageCoverage.${field}`, {
    select: () => `villageCoverage(regionId: "${gid('Region', TOWNSHIP_OF_TEST)}", first: 1) { edges { node { ${field}PAGE } } }`,
    pick: (d) => d.villageCoverage.edges[0].node[field],
    seed: (c) => ids(c, `SELECT id FROM region WHERE id IN (SELECT ${uid('rg')} FROM generate_series(1, ${N}) g)`),
  }])),
  'TownshipVillageCoverage.shortTeams': {
    // a second test township, whose 23 villages each have a micro fire station without head or members (ORG-6)
    select: () => `villageCoverage(regionId: "${gid('Region', TOWNSHIP_OF_TEST_2)}", first: 1) { edges { node { shortTeamsPAGE } } }`,
    pick: (d) => d.villageCoverage.edges[0].node.shortTeams,
    via: 'village',
    async seed(c) {
      await c.t.dataSource.query(`INSERT INTO region (id, parent_id, level, kind, name, path, sort_order, version) SELECT $1::uuid, id, 'TOWNSHIP', NULL, '测试乡二', path || $1::text || '/', 99, 1 FROM region WHERE id = $2`,
        [TOWNSHIP_OF_TEST_2, c.county]);
      const villages = await insertRows(c, 'region', regionRow('sv', TOWNSHIP_OF_TEST_2, 'VILLAGE'));
      await insertRows(c, 'village_guidance', {
        village_id: uid('sv'), pledge_attachments: `'[]'`, team_kind: `'MICRO_STATION'`, team_name: `'微型消防站' || g`, team_members: `'[]'`, equipment: `'[]'`,
        updated_by: `'test'`, updated_at: ts(), version: '1',
      }, 'village_id');
      return villages;
    },
  },
  'ImportJob.problems': {
    // cut from the job row's problem list (jsonb, written through SQL here), keyed on the position: 23 problems, rows repeating
    ...ofNode('ImportJob', 'problems', () => IMPORT_JOB),
    key: 'reason',
    async seed(c) {
      await c.t.dataSource.query(`INSERT INTO import_job (id, kind, dry_run, status, file_sha256, scope_region_id, scope_path, actor_label, total_rows, problems, started_at, finished_at)
        SELECT $1::uuid, 'VILLAGES', true, 'REJECTED', repeat('0', 64), id, path, 'test', ${N},
          (SELECT jsonb_agg(jsonb_build_object('row', 2 + g / 3, 'column', NULL, 'reason', 'ij' || g) ORDER BY g) FROM generate_series(1, ${N}) g), ${ts('1')}, ${ts('2')}
        FROM region WHERE id = $2`, [IMPORT_JOB, c.township]);
      return Array.from({ length: N }, (_, i) => `ij${i + 1}`);
    },
  },
  'ActivityCounts.rows': {
    // computed in memory per region (rank, sort order, id), over regions stored as rows: the townships of Query.townships
    // (sort orders repeat), each counted with no activity in the period
    select: () => `activityCounts(period: { kind: YEAR, year: 2026, number: 1 }) { rowsPAGE }`,
    pick: (d) => d.activityCounts.rows,
    key: 'regionId',
    seed: async (c) => (await ids(c, `SELECT id FROM region WHERE id IN (SELECT ${uid('tw')} FROM generate_series(1, ${N}) g)`)).map((id: string) => gid('Region', id)),
  },
  // ---- committees (COM-1..COM-5) ----
  // member units of the test township's committee, one in each village of Query.regions, all of one name (a name is
  // unique per region and kind only): listed by (name, id), the id decides; every other one with a stored evaluation
  // (FINAL answered as stored, DRAFT computed), the rest computed only
  'Query.memberUnitEvaluations': {
    ...root('memberUnitEvaluations', `year: 2026, regionId: "${gid('Region', TOWNSHIP_OF_TEST)}"`),
    // an evaluation not stored yet has no id: told apart by its member unit
    via: 'memberUnit',
    async seed(c) {
      await c.t.dataSource.query(`INSERT INTO organization (id, kind, name, region_id, version) VALUES ($1, 'TOWNSHIP_COMMITTEE', '测试乡消防救援委员会', $2, 1)`,
        [TEST_COMMITTEE, TOWNSHIP_OF_TEST]);
      const units = await insertRows(c, 'organization', {
        id: uid('kmu'), kind: `'MEMBER_UNIT'`, name: `'同名成员单位'`, region_id: uid('rg'), parent_id: `'${TEST_COMMITTEE}'`, created_at: ts(), updated_at: ts(), version: '1',
      });
      await c.t.dataSource.query(`INSERT INTO member_unit_evaluation (id, member_unit_id, region_id, year, policy_version, status, scored_part, scored_by, score, grade,
          breakdown, finalized_at, finalized_by, created_at, updated_at, version)
        SELECT ${uid('kev')}, ${uid('kmu')}, ${uid('rg')}, 2026, (SELECT max(version) FROM committee_policy), CASE WHEN g % 4 = 0 THEN 'FINAL' ELSE 'DRAFT' END, 80, 'test',
          CASE WHEN g % 4 = 0 THEN 80 END, CASE WHEN g % 4 = 0 THEN 'GOOD' END, CASE WHEN g % 4 = 0 THEN '{"items": []}'::jsonb END,
          CASE WHEN g % 4 = 0 THEN ${ts()} END, CASE WHEN g % 4 = 0 THEN 'test' END, ${ts()}, ${ts()}, 1
        FROM generate_series(1, ${N}) g WHERE g % 2 = 0`);
      return units;
    },
  },
  'Query.supervisionVisits': {
    ...root('supervisionVisits', `regionId: "${gid('Region', TOWNSHIP_OF_TEST)}"`),
    // visits of the units above by the station: equal dates, the id decides
    seed: (c) => insertRows(c, 'supervision_visit', {
      id: uid('ksv'), member_unit_id: uid('kmu'), region_id: uid('rg'), visitor_organization_id: `'${c.station}'`, visited_on: `date '2026-11-20' - (g % 3)`,
      visitors: `ARRAY['张三']`, summary: `'督导' || g`, attachments: `'[]'`, recorded_by: `'test'`, recorded_at: ts(),
    }),
  },
  // COM-5: what a county member unit sees of its sector, read as that unit's account (the lists answer a member unit only)
  'Query.sectorPremises': {
    ...root('sectorPremises'),
    actor: (c) => c.memberUnit!,
    // premises of one name in the test township whose sector unit it is: the id decides
    async seed(c) {
      await c.t.dataSource.query(`INSERT INTO organization (id, kind, name, region_id, parent_id, version)
        SELECT $1, 'MEMBER_UNIT', '分页测试行业主管单位', $2, id, 1 FROM organization WHERE kind = 'COUNTY_COMMITTEE' AND region_id = $2`, [SECTOR_UNIT, c.county]);
      c.memberUnit = await c.t.account({ role: Role.MEMBER_UNIT, region: c.county, organizationId: gid('Organization', SECTOR_UNIT) });
      return insertRows(c, 'premises', { ...premisesRow('ksp'), region_id: `'${TOWNSHIP_OF_TEST}'`, name: `'同名行业场所'`, sector_unit_id: `'${SECTOR_UNIT}'` });
    },
  },
  'Query.sectorHazards': {
    ...root('sectorHazards'),
    actor: (c) => c.memberUnit!,
    // found on those premises: equal dates, the id decides
    seed: (c) => insertRows(c, 'hazard', {
      id: uid('ksh'), region_id: `'${TOWNSHIP_OF_TEST}'`, premises_id: uid('ksp'), source: `'OTHER'`, description: `'隐患' || g`, found_on: `date '2026-11-20' - (g % 3)`,
      status: `'REPORTED'`, order_due_by: `date '2026-11-25'`, major_status: `'NONE'`, policy_version: '1', reported_by: `'test'`, created_at: ts(), updated_at: ts(), version: '1',
    }),
  },
  'MemberUnitDutyList.versions': {
    // the versions before the one in force (24): one per version number (unique per unit), newest first
    ...ofNode('MemberUnitDutyList', 'versions', () => DUTY_LIST),
    async seed(c) {
      const row = (version: string, id: string) => ({
        id, member_unit_id: `'${SECTOR_UNIT}'`, region_id: `'${c.county}'`, version, sector: `'EDUCATION'`,
        duties: `jsonb_build_array(jsonb_build_object('code', 'D1', 'text', '职责', 'basis', NULL))`, note: `'第' || ${version} || '版'`, created_by: `'test'`, created_at: ts(),
      });
      const versions = await insertRows(c, 'member_unit_duty_list', row('g', uid('kdl')));
      const current = row(`${N + 1}`, `'${DUTY_LIST}'`);
      await c.t.dataSource.query(`INSERT INTO member_unit_duty_list (${Object.keys(current).join(', ')}) SELECT ${Object.values(current).join(', ')} FROM (SELECT 0 AS g) s`);
      return versions;
    },
  },
  'Query.meetings': {
    ...root('meetings', `regionId: "${gid('Region', TOWNSHIP_OF_TEST)}"`),
    // the test township committee's meetings: equal dates, the id decides
    seed: (c) => insertRows(c, 'committee_meeting', meetingRow('kmt', `'${TEST_COMMITTEE}'`, TOWNSHIP_OF_TEST)),
  },
  'Meeting.corrections': {
    ...ofNode('Meeting', 'corrections', () => MEETING),
    key: 'reason',
    async seed(c) {
      // a published meeting of the county committee (its decision gives the tasks below)
      const m = meetingRow('x', `(SELECT id FROM organization WHERE kind = 'COUNTY_COMMITTEE' AND region_id = '${c.county}')`, c.county);
      await c.t.dataSource.query(`INSERT INTO committee_meeting (${Object.keys(m).join(', ')}) SELECT ${Object.values(m).join(', ')} FROM (SELECT 0 AS g) s`);
      await c.t.dataSource.query(`UPDATE committee_meeting SET id = $1 WHERE id = md5('x0')::uuid`, [MEETING]);
      return insertRows(c, 'record_correction', correctionRow('kmc', 'Meeting', `'${MEETING}'`), 'reason');
    },
  },
  'MeetingDecision.tasks': {
    ...ofNode('MeetingDecision', 'tasks', () => DECISION),
    // tasks given on a decision of that meeting to the county member unit: equal deadlines, the id decides
    async seed(c) {
      await c.t.dataSource.query(`INSERT INTO meeting_decision (id, meeting_id, seq, content) VALUES ($1, $2, 1, '议定事项')`, [DECISION, MEETING]);
      return insertRows(c, 'committee_task', { ...countyTaskRow('kdt', c), source: `'DECISION'`, decision_id: `'${DECISION}'` });
    },
  },
  'Query.campaigns': {
    ...root('campaigns', `regionId: "${gid('Region', TOWNSHIP_OF_TEST)}"`),
    // the test township committee's campaigns: equal start dates, the id decides
    seed: (c) => insertRows(c, 'campaign', campaignRow('kcp', `'${TEST_COMMITTEE}'`, TOWNSHIP_OF_TEST)),
  },
  'Campaign.tasks': {
    ...ofNode('Campaign', 'tasks', () => CAMPAIGN),
    async seed(c) {
      // a campaign of the county committee, and its tasks to the county member unit: equal deadlines, the id decides
      const row = campaignRow('x', `(SELECT id FROM organization WHERE kind = 'COUNTY_COMMITTEE' AND region_id = '${c.county}')`, c.county);
      await c.t.dataSource.query(`INSERT INTO campaign (${Object.keys(row).join(', ')}) SELECT ${Object.values(row).join(', ')} FROM (SELECT 0 AS g) s`);
      await c.t.dataSource.query(`UPDATE campaign SET id = $1 WHERE id = md5('x0')::uuid`, [CAMPAIGN]);
      return insertRows(c, 'committee_task', { ...countyTaskRow('kct', c), source: `'CAMPAIGN'`, campaign_id: `'${CAMPAIGN}'` });
    },
  },
  'Query.tasks': {
    ...root('tasks', `regionId: "${gid('Region', VILLAGE)}"`),
    // 景山镇's committee's tasks to the member units of Query.organizations (in the test village): equal deadlines,
    // the id decides; every third one accepted
    seed: (c) => insertRows(c, 'committee_task', {
      ...taskRow('ktk'),
      committee_id: `(SELECT id FROM organization WHERE kind = 'TOWNSHIP_COMMITTEE' AND region_id = '${c.township}')`,
      assigned_by_id: `(SELECT id FROM organization WHERE kind = 'TOWNSHIP_COMMITTEE_OFFICE' AND region_id = '${c.township}')`,
      assignee_id: uid('og'), region_id: `'${VILLAGE}'`, source: `'DEPLOYMENT'`,
      status: `CASE WHEN g % 3 = 0 THEN 'ACCEPTED' ELSE 'ASSIGNED' END`, completion_reported_at: `CASE WHEN g % 3 = 0 THEN ${ts()} END`,
      accepted_at: `CASE WHEN g % 3 = 0 THEN ${ts()} END`, completed_on_time: `CASE WHEN g % 3 = 0 THEN true END`,
    }),
  },
  'Task.subTasks': {
    ...ofNode('Task', 'subTasks', () => PARENT_TASK),
    async seed(c) {
      // a county task to the test township's committee, passed on to its member units: equal deadlines, the id decides
      const parent = { ...countyTaskRow('x', c), assignee_id: `'${TEST_COMMITTEE}'`, region_id: `'${TOWNSHIP_OF_TEST}'`, source: `'DEPLOYMENT'` };
      await c.t.dataSource.query(`INSERT INTO committee_task (${Object.keys(parent).join(', ')}) SELECT ${Object.values(parent).join(', ')} FROM (SELECT 0 AS g) s`);
      await c.t.dataSource.query(`UPDATE committee_task SET id = $1 WHERE id = md5('x0')::uuid`, [PARENT_TASK]);
      return insertRows(c, 'committee_task', {
        ...taskRow('kst'), committee_id: `'${TEST_COMMITTEE}'`, assigned_by_id: `'${TEST_COMMITTEE}'`, assignee_id: uid('kmu'), region_id: uid('rg'),
        source: `'PASSED_ON'`, parent_task_id: `'${PARENT_TASK}'`,
      });
    },
  },
  'Task.events': {
    ...ofNode('Task', 'events', () => PARENT_TASK),
    key: 'note',
    // ordered by seq (an identity): equal and microsecond `at` values change nothing
    seed: (c) => insertRows(c, 'committee_task_event', {
      id: uid('kte'), task_id: `'${PARENT_TASK}'`, action: `'PROGRESS_REPORTED'`, at: ts(), note: `'kte' || g`, attachments: `'[]'`, actor: `'test'`,
    }, 'note'),
  },
  'Query.webhooks': {
    ...root('webhooks', `regionId: "${gid('Region', VILLAGE)}"`),
    actor: (c) => c.security,
    seed: (c) => insertRows(c, 'webhook', webhookRow('wh', `'${VILLAGE}'`)),
  },
  // granted_at, then the id
  'Query.unmaskGrants': {
    ...root('unmaskGrants'),
    actor: (c) => c.security,
    seed: (c) => insertRows(c, 'unmask_grant', {
      id: uid('ug'), account_id: `'${c.t.office.id}'`, until: `date '2026-12-31'`, reason: `'事由' || g`, granted_by: `'test'`, granted_at: ts(),
    }),
  },
  // newest event first: event_seq, unique per subscription
  'Query.webhookDeliveries': {
    ...root('webhookDeliveries', `webhookId: "${gid('Webhook', WEBHOOK)}"`),
    actor: (c) => c.security,
    async seed(c) {
      await insertWebhook(c, WEBHOOK, 'wd');
      return ids(c, `${eventsWith(c, 'wde', N)} INSERT INTO webhook_delivery (id, webhook_id, event_seq, state, next_attempt_at, created_at, updated_at)
        SELECT md5('wd' || e.id::text)::uuid, '${WEBHOOK}', e.seq, 'DELIVERED', ${ts('e.seq')}, ${ts('e.seq')}, ${ts('e.seq')} FROM e RETURNING id`);
    },
  },
  // a delivery's attempts, newest first (an identity): equal and microsecond attempt times change nothing
  'WebhookDelivery.attempts': {
    select: () => `webhookDeliveries(webhookId: "${gid('Webhook', WEBHOOK_2)}", first: 1) { edges { node { attemptsPAGE } } }`,
    pick: (d) => d.webhookDeliveries.edges[0].node.attempts,
    actor: (c) => c.security,
    key: 'durationMs',
    async seed(c) {
      await insertWebhook(c, WEBHOOK_2, 'wa');
      const [delivery] = await ids(c, `${eventsWith(c, 'wae', 1)} INSERT INTO webhook_delivery (id, webhook_id, event_seq, state, next_attempt_at)
        SELECT md5('wa')::uuid, '${WEBHOOK_2}', e.seq, 'FAILED', now() FROM e RETURNING id`);
      return insertRows(c, 'webhook_delivery_attempt', {
        delivery_id: `'${delivery}'`, attempted_at: ts(), http_status: '500', duration_ms: 'g', error: `'HTTP 500'`, instance: `'test'`,
      }, 'duration_ms::text');
    },
  },
};

function webhookRow(tag: string, region: string): Record<string, string> {
  return {
    id: uid(tag), url: `'http://127.0.0.1:9/' || g`, events: `ARRAY['hazard.reported']`, region_id: region, region_path: `(SELECT path FROM region WHERE id = ${region})`,
    description: `'订阅' || g`, recipient: `'COUNTY_SYSTEM'`, secret_cipher: `'v1.x.y'`, state: `'ACTIVE'`, cursor_txid: '1', cursor_seq: '0', created_by: `'test'`,
    created_at: ts(), updated_at: ts(), version: '1',
  };
}
/** One subscription of 景山镇 with a fixed id. */
async function insertWebhook(c: Ctx, id: string, tag: string): Promise<void> {
  const row = { ...webhookRow(tag, `'${c.township}'`), id: `'${id}'` };
  await c.t.dataSource.query(`INSERT INTO webhook (${Object.keys(row).join(', ')}) SELECT ${Object.values(row).join(', ')} FROM (SELECT 1 AS g) s`);
}
/** `WITH e AS (…)`: `n` outbox events of 景山镇 inserted, their `seq` and `id` for the statement that follows. */
function eventsWith(c: Ctx, tag: string, n: number): string {
  return `WITH e AS (INSERT INTO integration_event (id, txid, type, occurred_at, region_id, region_path, county_id, subject_id, payload)
    SELECT ${uid(tag)}, 1, 'hazard.reported', ${ts()}, r.id, r.path, NULL, 'SGF6YXJkOng=', '{}' FROM region r, generate_series(1, ${n}) g WHERE r.id = '${c.township}'
    RETURNING seq, id)`;
}

/** A committee meeting (COM-1), published; `committee` is its committee (SQL). */
function meetingRow(tag: string, committee: string, region: string): Record<string, string> {
  return {
    id: uid(tag), committee_id: committee, region_id: `'${region}'`, kind: `'PLENARY'`, title: `'会议' || g`, held_on: `date '2026-11-20' - (g % 3)`,
    convener: `'主任'`, attending_unit_ids: `ARRAY[]::uuid[]`, attendees: `ARRAY['张三']`, topics: `ARRAY['议题']`, minutes: `'纪要'`, attachments: `'[]'`,
    status: `'PUBLISHED'`, published_at: ts(), published_by: `'test'`, created_by: `'test'`, created_at: ts(), updated_at: ts(), version: '1',
  };
}
/** A campaign (COM-3) of `committee` (SQL) over its region. */
function campaignRow(tag: string, committee: string, region: string): Record<string, string> {
  return {
    id: uid(tag), committee_id: committee, region_id: `'${region}'`, title: `'专项整治' || g`, description: `'说明'`, period_start: `date '2026-11-01' - (g % 3)`,
    period_end: `date '2026-12-31'`, scope_region_ids: `ARRAY['${region}']::uuid[]`, premises_kinds: `ARRAY[]::text[]`, hazard_item_codes: `ARRAY[]::text[]`,
    created_by: `'test'`, created_at: ts(), updated_at: ts(), version: '1',
  };
}
/** A task (COM-2), assigned and open: deadlines repeat (deadline >= assigned_on). */
function taskRow(tag: string): Record<string, string> {
  return {
    id: uid(tag), title: `'任务' || g`, requirement: `'要求'`, assigned_on: `date '2026-11-01'`, deadline: `date '2026-12-20' + (g % 3)`, evidence_required: 'false',
    status: `'ASSIGNED'`, policy_version: '(SELECT max(version) FROM committee_policy)', created_by: `'test'`, created_at: ts(), updated_at: ts(), version: '1',
  };
}
/** A task of the county committee to the county member unit of Query.sectorPremises. */
function countyTaskRow(tag: string, c: Ctx): Record<string, string> {
  return {
    ...taskRow(tag),
    committee_id: `(SELECT id FROM organization WHERE kind = 'COUNTY_COMMITTEE' AND region_id = '${c.county}')`,
    assigned_by_id: `(SELECT id FROM organization WHERE kind = 'COUNTY_COMMITTEE_OFFICE' AND region_id = '${c.county}')`,
    assignee_id: `'${SECTOR_UNIT}'`, region_id: `'${c.county}'`,
  };
}

function premisesRow(tag: string): Record<string, string> {
  return {
    id: uid(tag), region_id: `'${VILLAGE}'`, kind: `'OTHER'`, name: `'同名场所'`, address: `'地址' || g`, responsible_name: `'负责人'`, risk_level: `'LOW'`,
    key_unit: 'false', created_by: `'test'`, created_at: ts(), updated_at: ts(), version: '1',
  };
}
function correctionRow(tag: string, recordType: string, recordId: string): Record<string, string> {
  return {
    id: uid(tag), record_type: `'${recordType}'`, record_id: recordId, field: `'name'`, old_value: `to_jsonb('旧' || g)`, new_value: `to_jsonb('新' || g)`,
    reason: `'${tag}' || g`, corrected_by: `'test'`, corrected_at: ts(),
  };
}

function evaluationRow(tag: string, c: Ctx): Record<string, string> {
  return {
    id: uid(tag), subject_kind: `'PERSON'`, subject_id: uid(`${tag}s`), subject_name: `'人员' || g`, station_id: `'${c.station}'`, region_id: `'${c.township}'`,
    period_kind: `'YEAR'`, year: '2026', number: '1', version: '1', current: 'true', score: '50', grade: `'INCOMPETENT'`, grade_label: `'不称职'`,
    policy_version: '1', breakdown: `'{}'`, finalized_by: `'test'`, finalized_at: ts(),
  };
}
function personRow(tag: string, c: Ctx): Record<string, string> {
  return {
    id: uid(tag), region_id: `'${c.township}'`, name: `'测试' || g`, gender: `'MALE'`, birth_date: `date '1990-01-01'`, citizen_id_enc: `'x'`,
    citizen_id_index: `md5('${tag}ci' || g)`, citizen_id_masked: `'220622********0000'`, education: `'SENIOR_HIGH'`, household_region_code: `'220622'`,
    residence_region_code: `'220622'`, establishment_unit: `'景山镇人民政府'`, establishment_type: `'PUBLIC_SYSTEM'`, created_by: `'test'`,
    created_at: ts(), updated_at: ts(), version: '1',
  };
}
function fireRow(tag: string, c: Ctx): Record<string, string> {
  return {
    id: uid(tag), region_id: `'${c.township}'`, occurred_at: ts(), place: `'地点' || g`, cause: `'OTHER'`, deaths: '0', injuries: '0', serious_injuries: '0',
    direct_loss_yuan: '100', level: `'GENERAL'`, policy_version: '1', recorded_by: `'test'`, recorded_at: ts(), version: '1',
  };
}
function practiceRow(tag: string, c: Ctx): Record<string, string> {
  return {
    id: uid(tag), region_id: `'${c.township}'`, county_path: `(SELECT path FROM region WHERE id = '${c.county}')`, title: `'经验' || g`, problem: `'问题'`,
    actions: `'做法'`, results: `'成效'`, attachments: `'[]'`, status: `'SUBMITTED'`, submitted_by: `'test'`, submitted_at: ts(), created_at: ts(), updated_at: ts(), version: '1',
  };
}

/**
 * Connections no SQL in this spec can fill with rows of equal or microsecond keys, each with the reason. They are
 * still read once (an empty or seeded page must answer) and their orders pass `assertExactOrder` at their first page.
 */
const NOT_FILLED: Record<string, string> = {};

/**
 * Connections whose fixture is not written yet (their orders have no timestamp key and pass `assertExactOrder`).
 * Moving one to FIXTURES is one entry; this list only shrinks.
 */
const NO_FIXTURE_YET = new Set<string>([]);

/** Every connection field of the schema, as `Type.field`. */
function schemaConnections(): string[] {
  const schema = buildSchema(readFileSync(`${process.cwd()}/schema.gql`, 'utf8'));
  return Object.values(schema.getTypeMap()).flatMap((type) =>
    isObjectType(type) && !type.name.startsWith('__')
      ? Object.values(type.getFields()).filter((f) => getNamedType(f.type).name.endsWith('Connection')).map((f) => `${type.name}.${f.name}`)
      : []);
}

const pageSelection = (key = 'id') => `{ totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${key} } } }`;
const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString('utf8').split(':').slice(1).join(':');

/** Pages through a fixture's connection: the uuids seen in order and `totalCount` (stops after `limit` pages). */
async function walk(c: Ctx, f: Fixture, first: number, limit: number): Promise<{ seen: string[]; total: number; pages: number }> {
  const seen: string[] = [];
  let after: string | null = null;
  let total = -1;
  for (let pages = 1; ; pages++) {
    const page = `(first: $first, after: $after${f.args ? `, ${f.args}` : ''}) ${pageSelection(f.via ? `${f.via} { id }` : f.key)}`;
    const query = `query($first: Int, $after: String) { ${f.select(c).replace('PAGE', page)} }`;
    const res = f.actor ? await c.t.gqlAs(f.actor(c), query, { first, after }) : await c.t.gql(query, { first, after });
    const conn = f.pick(data(res));
    total = conn.totalCount;
    seen.push(...conn.edges.map((e: { node: Record<string, string> }) => (f.via ? rawId((e.node[f.via] as unknown as { id: string }).id) : f.key ? String(e.node[f.key]) : rawId(e.node.id))));
    if (!conn.pageInfo.hasNextPage || pages >= limit) return { seen, total, pages };
    after = conn.pageInfo.endCursor;
  }
}

describe('pages never lose a row: keyset cursors at the database\'s full precision', () => {
  let t: TestApp;
  let c: Ctx;
  const seeded = new Map<string, string[]>();

  beforeAll(async () => {
    t = await createTestApp();
    const township = await t.regionId('景山镇');
    const [{ id: station }] = await t.dataSource.query(`SELECT id FROM organization WHERE region_id = $1 AND kind = 'FIRE_WORK_STATION'`, [township]);
    c = { t, county: await t.regionId('靖宇县'), township, station, person: '', security: await t.admins.security.account(), audit: await t.admins.audit.account() };
    const [{ id: person }] = await t.dataSource.query(
      `INSERT INTO person (${Object.keys(personRow('pp', c)).join(', ')}) SELECT ${Object.values(personRow('pp', c)).join(', ')} FROM (SELECT 1 AS g) s RETURNING id`);
    c.person = person;
    // a village of its own: the root lists read with regionId of it hold only the rows written here
    await t.dataSource.query(
      `INSERT INTO region (id, parent_id, level, kind, name, path, sort_order, version) SELECT $1::uuid, id, 'VILLAGE', 'VILLAGE', '测试村', path || $1::text || '/', 99, 1 FROM region WHERE id = $2`,
      [VILLAGE, township]);
    // fixtures in their order (transitions read the posts written before them)
    for (const [name, f] of Object.entries(FIXTURES)) seeded.set(name, await f.seed(c));
  }, 600_000);
  afterAll(async () => {
    await t.close();
  });

  it('every connection of schema.gql has a fixture here, or a written reason why SQL cannot fill it', () => {
    const unknown = schemaConnections().filter((name) => !(name in FIXTURES) && !(name in NOT_FILLED) && !NO_FIXTURE_YET.has(name));
    // a new connection: add its entry to FIXTURES (see the top of this file)
    expect(unknown).toEqual([]);
    // the lists name only connections that exist
    const all = new Set(schemaConnections());
    expect([...Object.keys(FIXTURES), ...Object.keys(NOT_FILLED), ...NO_FIXTURE_YET].filter((n) => !all.has(n))).toEqual([]);
  });

  const sizes = SIZES.map((first) => [first] as const);
  describe.each(Object.keys(FIXTURES))('%s', (name) => {
    it.each(sizes)('first: %i finds every row written through SQL exactly once, and as many as totalCount', async (first) => {
      const inserted = seeded.get(name)!;
      const { seen, total } = await walk(c, FIXTURES[name], first, 3 * (N + 10));
      // counted, so that a failure says how many rows were lost and how many came twice
      const repeated = seen.filter((id, i) => seen.indexOf(id) !== i).length;
      const lost = inserted.filter((id) => !seen.includes(id)).length;
      expect({ inserted: inserted.length, lost, repeated, read: seen.length }).toEqual({ inserted: N, lost: 0, repeated: 0, read: total });
    }, 300_000);
  });

  it('every root connection, and the nested ones reachable from the rows above, answers two pages (their orders pass assertExactOrder)', async () => {
    const schema = buildSchema(readFileSync(`${process.cwd()}/schema.gql`, 'utf8'));
    const roots = Object.values(schema.getQueryType()!.getFields())
      .filter((f) => getNamedType(f.type).name.endsWith('Connection') && f.args.every((a) => !String(a.type).endsWith('!')))
      .map((f) => f.name);
    expect(roots.length).toBeGreaterThan(25);
    const nested = [
      `hazards(first: 2) { edges { node { history PAGE } } }`,
      `node(id: "${gid('Person', c.person)}") { ... on Person { examResults PAGE } }`,
      `staffing(first: 2) { edges { node { deviationsInForce PAGE } } }`,
    ];
    const page = (after: string | null) => `(first: 2${after ? `, after: "${after}"` : ''}) { totalCount pageInfo { hasNextPage endCursor } edges { cursor } }`;
    const failures: string[] = [];
    for (const query of [...roots.map((r) => `${r}PAGE`), ...nested]) {
      // a root list answering one role only is read as its fixture's actor
      const actor = FIXTURES[`Query.${query.replace('PAGE', '')}`]?.actor;
      const ask = (q: string) => (actor ? t.gqlAs(actor(c), q) : t.gql(q));
      const first = await ask(`{ ${query.replace('PAGE', page(null))} }`);
      if (first.body.errors) {
        failures.push(`${query}: ${first.body.errors[0].extensions?.code} ${first.body.errors[0].message}`);
        continue;
      }
      // the next page of a root list, from its own cursor
      const conn = roots.some((r) => query === `${r}PAGE`) ? (first.body.data as any)[query.replace('PAGE', '')] : null;
      if (conn?.pageInfo.hasNextPage) {
        const next = await ask(`{ ${query.replace('PAGE', page(conn.pageInfo.endCursor))} }`);
        if (next.body.errors) failures.push(`${query} (page 2): ${next.body.errors[0].extensions?.code} ${next.body.errors[0].message}`);
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('the evaluations case: 425 results, 101 of them inside one millisecond, all read through pages of 100 (EVA-1)', async () => {
    // 299 newer results on whole milliseconds, 101 inside one millisecond (microseconds 1..101), 25 older
    await t.dataSource.query(`
      INSERT INTO evaluation_result (id, subject_kind, subject_id, subject_name, station_id, region_id, period_kind, year, number, version, current,
        score, grade, grade_label, policy_version, breakdown, finalized_by, finalized_at)
      SELECT md5('e425' || g)::uuid, 'PERSON', md5('e425s' || g)::uuid, '人员' || g, $1, $2, 'MONTH', 2024, 1 + g % 12, 1, true, 80, 'GOOD', '良好', 1, '{}', 'test',
        CASE WHEN g <= 299 THEN timestamptz '2024-12-31 12:00:00+08' - g * interval '1 millisecond'
             WHEN g <= 400 THEN timestamptz '2024-12-31 11:00:00.500+08' + (401 - g) * interval '1 microsecond'
             ELSE timestamptz '2024-12-31 10:00:00+08' - g * interval '1 millisecond' END
      FROM generate_series(1, 425) g`, [c.station, c.township]);
    const f: Fixture = { ...root('evaluations', 'year: 2024'), seed: async () => [] };
    const { seen, total } = await walk(c, f, 100, 10);
    expect({ total, distinct: new Set(seen).size, read: seen.length }).toEqual({ total: 425, distinct: 425, read: 425 });
  }, 300_000);

  it('a cursor of the old form (milliseconds) is refused: 游标已过期，请从第一页重新查询', async () => {
    const old = Buffer.from(JSON.stringify(['2026-11-20T00:00:00.123Z', '00000000-0000-4000-8000-000000000001'])).toString('base64url');
    const res = await t.gql(`query($after: String) { evaluations(first: 5, after: $after) { totalCount } }`, { after: old });
    expect(error(res).extensions.code).toBe('BAD_USER_INPUT');
    expect(error(res).message).toContain('游标已过期，请从第一页重新查询');
    // a forged one is still just invalid
    const forged = Buffer.from(JSON.stringify(['tomorrow', 'x'])).toString('base64url');
    expect(error(await t.gql(`query($after: String) { evaluations(first: 5, after: $after) { totalCount } }`, { after: forged })).message).toContain('游标无效');
    // the exact form holding an instant that does not exist is refused before PostgreSQL's cast would fail on it
    const impossible = Buffer.from(JSON.stringify(['2026-02-30T25:61:00.000000Z', '00000000-0000-4000-8000-000000000001'])).toString('base64url');
    const bad = error(await t.gql(`query($after: String) { evaluations(first: 5, after: $after) { totalCount } }`, { after: impossible }));
    expect(bad.extensions.code).toBe('BAD_USER_INPUT');
    expect(bad.message).toContain('游标无效');
  });

  it('a cursor carries the exact microseconds of its row, and the next page compares them as timestamptz', async () => {
    const res = data(await t.gql(`{ evaluations(first: 3, year: 2026) { edges { cursor } } }`));
    const values = res.evaluations.edges.map((e: { cursor: string }) => JSON.parse(Buffer.from(e.cursor, 'base64url').toString('utf8'))[0]);
    for (const v of values) expect(v).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    expect(values.some((v: string) => !v.endsWith('000Z'))).toBe(true);
  });
});
