import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { getFile } from '../support/office';
import { officeDataset, OfficeDataset } from '../support/office-dataset';
import { pageAsPng, render } from '../support/render';
import { toGlobalId } from '../../src/graphql/global-id';
import { createTestApp, data, TestApp } from '../support/test-app';

/**
 * Not a test: the first page of each office document as a PNG for docs/office.md, from the deterministic dataset of
 * test/support/office-dataset.ts. Run by `node scripts/office-samples.mjs` (it sets OFFICE_SAMPLES_DIR and points
 * Jest at this file, which the suite's testMatch does not pick up).
 */
const OUT = process.env.OFFICE_SAMPLES_DIR;
const DPI = Number(process.env.OFFICE_SAMPLES_DPI ?? 72);

describe('office document samples', () => {
  let t: TestApp;
  let d: OfficeDataset;
  let campaignId: string;

  beforeAll(async () => {
    if (!OUT) throw new Error('OFFICE_SAMPLES_DIR is not set: run node scripts/office-samples.mjs');
    mkdirSync(resolve(OUT), { recursive: true });
    t = await createTestApp();
    d = await officeDataset(t, 40);
    // a campaign over the dataset's month, deployed by the county office for the county committee (COM-3)
    campaignId = data(await t.gql(`mutation($i: DeployCampaignInput!) { deployCampaign(input: $i) { id } }`, {
      i: { title: '小场所消防安全专项整治', description: '排查整治疏散通道堵塞、电气线路私拉乱接', periodStart: '2027-06-01', periodEnd: '2027-07-31', premisesKinds: ['SMALL_VENUE'], targetInspections: 2, targetRectificationPercent: 80 },
    })).deployCampaign.id;
    // villages of 景山镇 with and without a manager and a pledge (ORG-6), for the coverage export
    for (const [name, manager, pledge] of [['景山村', '王建国', true], ['新立村', '李明', false], ['东兴村', null, false]] as const) {
      const villageId = data(await t.admins.system.gql(`mutation($i: CreateRegionInput!) { createRegion(input: $i) { id } }`, { i: { parentId: d.f.jingshan, name, kind: 'VILLAGE' } })).createRegion.id;
      if (manager) data(await t.gql(`mutation($i: SetVillageManagerInput!) { setVillageManager(input: $i) { id } }`, { i: { villageId, name: manager, phone: '13943900001', appointedOn: '2027-03-01' } }));
      if (pledge) data(await t.gql(`mutation($i: RecordVillagePledgeInput!) { recordVillagePledge(input: $i) { id } }`, { i: { villageId, adoptedOn: '2027-04-01' } }));
    }
    // tasks the county committee assigns (COM-2), for the task ledger
    const organization = async (kind: string, region: string) => toGlobalId('Organization', (await t.dataSource.query(`SELECT id FROM organization WHERE kind = $1 AND region_id = $2`, [kind, await t.regionId(region)]))[0].id);
    for (const [kind, region, title, deadline] of [
      ['GUIDANCE_CENTER', '靖宇县', '督导各工作站开展夏季消防安全检查', '2027-07-31'],
      ['TOWNSHIP_GOVERNMENT', '景山镇', '组织本镇小场所专项整治', '2027-08-15'],
      ['TOWNSHIP_GOVERNMENT', '龙泉镇', '整改农家饭店燃气隐患', '2027-07-25'],
    ] as const) {
      data(await t.gql(`mutation($i: AssignTaskInput!) { assignTask(input: $i) { id } }`, { i: { assigneeId: await organization(kind, region), title, requirement: `${title}，按期报送整改情况`, deadline } }));
    }
  }, 300_000);
  afterAll(async () => {
    await t?.close();
  });

  const samples: [file: string, path: () => string, kind: 'docx' | 'xlsx'][] = [
    ['briefing-fire-situation', () => `/office/briefings/fire-situation.docx?regionId=${enc(d.f.county)}&month=${d.month}`, 'docx'],
    ['briefing-campaign-summary', () => `/office/briefings/campaign-summary.docx?campaignId=${enc(campaignId)}`, 'docx'],
    ['export-hazards', () => `/office/exports/hazards.xlsx?overdue=true&regionId=${enc(d.f.county)}`, 'xlsx'],
    ['export-fire-situation', () => `/office/exports/fire-situation.xlsx?regionId=${enc(d.f.county)}&period=${d.month}`, 'xlsx'],
    ['export-staffing', () => `/office/exports/staffing.xlsx?regionId=${enc(d.f.county)}`, 'xlsx'],
    ['export-village-coverage', () => `/office/exports/village-coverage.xlsx?regionId=${enc(d.f.county)}`, 'xlsx'],
    ['export-tasks', () => `/office/exports/tasks.xlsx?regionId=${enc(d.f.county)}&year=2027`, 'xlsx'],
    ['export-evaluations', () => `/office/exports/evaluations.xlsx?regionId=${enc(d.f.county)}&year=2027`, 'xlsx'],
    ['export-campaign-progress', () => `/office/exports/campaign-progress.xlsx?campaignId=${enc(campaignId)}`, 'xlsx'],
    ['template-villages', () => '/office/templates/villages.xlsx', 'xlsx'],
    ['template-premises', () => '/office/templates/premises.xlsx', 'xlsx'],
    ['template-candidates', () => '/office/templates/candidates.xlsx', 'xlsx'],
  ];
  /** A template's first page is the empty sheet to fill in: its second (填写说明, the notes per column) is shown too. */
  const alsoSecondPage = (file: string) => file.startsWith('template-');
  const enc = encodeURIComponent;

  it.each(samples)('%s', async (file, path, kind) => {
    const res = await getFile(t, t.office, path());
    if (res.status !== 200) throw new Error(`${path()}: ${res.status} ${JSON.stringify(res.body)}`);
    const doc = await render(res.bytes, kind);
    const first = doc.pages[0];
    for (const [page, name] of [[1, file], ...(alsoSecondPage(file) ? [[2, `${file}-notes`] as const] : [])] as const) {
      const png = await pageAsPng(doc.pdf, page, DPI);
      writeFileSync(resolve(OUT!, `${name}.png`), png);
      console.log(`${name}.png: page ${page} of ${doc.pages.length}, ${first.width} x ${first.height} pt, ${(png.length / 1024).toFixed(0)} KB`);
    }
  }, 120_000);

  // the charts as other county systems get them (GET /office/charts/<kind>.png): the PNG itself, 1280 px wide
  it.each([['chart-fire-trend', 'fire-trend'], ['chart-townships', 'townships']])('%s', async (file, kind) => {
    const path = `/office/charts/${kind}.png?regionId=${enc(d.f.county)}&month=${d.month}`;
    const res = await getFile(t, t.office, path);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    writeFileSync(resolve(OUT!, `${file}.png`), res.bytes);
    console.log(`${file}.png: ${(res.bytes.length / 1024).toFixed(0)} KB`);
  }, 120_000);
});
