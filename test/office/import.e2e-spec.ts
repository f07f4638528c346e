import { Role } from '../../src/kernel/permissions';
import { fromGlobalId, toGlobalId } from '../../src/graphql/global-id';
import { RequestContext } from '../../src/kernel/request-context';
import { IMPORT_KINDS, ImportKind } from '../../src/office/import-kinds';
import { ImportService } from '../../src/office/import.service';
import { citizenIdFor } from '../support/factories';
import { png } from '../support/files';
import { getFile, IMPORT_JOB_FIELDS, readXlsx, tableDigests, waitForImport, xlsxOf } from '../support/office';
import { createTestApp, data, error, TestAccount, TestApp } from '../support/test-app';

/**
 * Spreadsheet imports (docs/office.md). A dry run reports every bad row (row number, column, zh-CN reason) and writes
 * nothing; a real run writes all rows or none. Rows go through the same service methods as the API.
 */
describe('imports from .xlsx (ORG-6, INS-1, PER-1)', () => {
  let t: TestApp;
  let station: TestAccount;
  let gov: TestAccount;
  let otherStation: TestAccount;
  let county: string;
  let jingshan: string;
  let jingyu: string;
  const VILLAGE_HEADERS = IMPORT_KINDS[ImportKind.VILLAGES].columns.map((c) => c.header);
  const PREMISES_HEADERS = IMPORT_KINDS[ImportKind.PREMISES].columns.map((c) => c.header);
  const CANDIDATE_HEADERS = IMPORT_KINDS[ImportKind.CANDIDATES].columns.map((c) => c.header);
  // tables a run may touch without writing data: its job, the audit trail, sessions, the upload itself, and the
  // event announcing the job's end (import_job.finished, written whatever the outcome)
  const BOOKKEEPING = ['import_job', 'audit_entry', 'auth_session', 'stored_file', 'attachment_upload', 'idempotency_key', 'integration_event',
    // the audit trail's chain head moves with every entry (8.1.4.7)
    'audit_chain_head', 'audit_refusal_window', 'sign_in_failure'];

  beforeAll(async () => {
    t = await createTestApp();
    station = await t.account({ role: Role.STATION, region: '景山镇' });
    gov = await t.account({ role: Role.TOWNSHIP_GOVERNMENT, region: '景山镇' });
    otherStation = await t.account({ role: Role.STATION, region: '靖宇镇' });
    county = toGlobalId('Region', await t.regionId('靖宇县'));
    jingshan = toGlobalId('Region', await t.regionId('景山镇'));
    jingyu = toGlobalId('Region', await t.regionId('靖宇镇'));
    // a village's code extends its township's (the seed leaves township codes to the committee office)
    data(await t.admins.system.gql(`mutation($i: SetRegionCodeInput!) { setRegionCode(input: $i) { code } }`, { i: { regionId: jingshan, code: '220622102' } }));
  });
  afterAll(async () => {
    await t.close();
  });

  async function upload(who: TestAccount, file: Buffer): Promise<string> {
    const res = await t.upload(who, file, '导入.xlsx');
    expect(res.status).toBe(201);
    return res.body.sha256;
  }
  async function start(who: TestAccount, mutation: string, sha: string, input: Record<string, unknown> = {}) {
    return t.gqlAs(who, `mutation($i: ImportInput!) { ${mutation}(input: $i) { ${IMPORT_JOB_FIELDS} } }`, { i: { file: sha, ...input } });
  }
  async function run(who: TestAccount, mutation: string, file: Buffer, input: Record<string, unknown> = {}) {
    const sha = await upload(who, file);
    const job = data(await start(who, mutation, sha, input))[mutation];
    expect(job.status).toBe('RUNNING');
    return waitForImport(t, who, job.id);
  }
  const villageNames = async (township: string) =>
    (data(await t.gql(`query($p: ID) { regions(parentId: $p, first: 100) { edges { node { name code } } } }`, { p: township })).regions.edges as { node: { name: string; code: string | null } }[]).map((e) => e.node);

  describe('templates', () => {
    it('each kind has a template: the sheet with its headers (required ones starred) and a sheet of instructions', async () => {
      for (const [file, kind] of [['villages', ImportKind.VILLAGES], ['premises', ImportKind.PREMISES], ['candidates', ImportKind.CANDIDATES]] as const) {
        const res = await getFile(t, station, `/office/templates/${file}.xlsx`);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        expect(decodeURIComponent(res.headers['content-disposition'])).toContain(`${IMPORT_KINDS[kind].title}导入模板.xlsx`);
        const sheets = await readXlsx(res.bytes);
        const spec = IMPORT_KINDS[kind];
        expect(sheets.get(spec.sheetName)![0]).toEqual(spec.columns.map((c) => (c.required ? `${c.header}*` : c.header)));
        expect(sheets.get('填写说明')!.map((r) => r[0])).toEqual(expect.arrayContaining(spec.columns.map((c) => c.header)));
      }
      expect((await getFile(t, station, '/office/templates/accounts.xlsx')).status).toBe(404);
      expect((await getFile(t, null, '/office/templates/villages.xlsx')).status).toBe(401);
    });

    it('a template filled in as it is downloaded imports (the starred headers are read as the template\'s)', async () => {
      const { bytes } = await getFile(t, t.office, '/office/templates/villages.xlsx');
      const ExcelJS = (await import('exceljs')).default;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes as never);
      wb.getWorksheet('村（社区）')!.getRow(2).values = ['景山镇', '模板村', '村', '', '赵模板', '13943900099', '2026-01-05', ''];
      const job = await run(t.office, 'importVillages', Buffer.from(await wb.xlsx.writeBuffer()), { regionId: county, dryRun: true });
      expect(job).toMatchObject({ status: 'VALIDATED', totalRows: 1, createdRecords: 1, problems: [] });
    });
  });

  describe('villages with their fire safety managers (ORG-6)', () => {
    it('ORG-6: a dry run checks every row and writes nothing; the real run then writes every village and manager', async () => {
      const file = await xlsxOf('村（社区）', VILLAGE_HEADERS, [
        ['景山镇', '新立村', '村', '220622102201', '王建国', '13943900001', '2026-03-01', '2026-04-01'],
        ['景山镇', '兴华社区', '社区', '', '李红', '13943900003', '', ''],
        ['靖宇镇', '东兴村', '村', '', '孙强', '13943900002', new Date(Date.UTC(2026, 4, 6)), ''],
      ]);
      const sha = await upload(t.office, file);
      const before = await tableDigests(t, BOOKKEEPING);
      const dry = await waitForImport(t, t.office, data(await start(t.office, 'importVillages', sha, { regionId: county, dryRun: true })).importVillages.id);
      expect(dry).toMatchObject({ kind: 'VILLAGES', dryRun: true, status: 'VALIDATED', totalRows: 3, processedRows: 3, createdRecords: 3, updatedRecords: 0, problems: [] });
      expect(await tableDigests(t, BOOKKEEPING)).toEqual(before);

      const real = await waitForImport(t, t.office, data(await start(t.office, 'importVillages', sha, { regionId: county })).importVillages.id);
      expect(real).toMatchObject({ status: 'COMPLETED', createdRecords: 3, problems: [] });
      expect(await villageNames(jingshan)).toEqual([{ name: '新立村', code: '220622102201' }, { name: '兴华社区', code: null }]);
      const [xinli] = (await t.dataSource.query(`SELECT id FROM region WHERE name = '新立村'`)) as { id: string }[];
      const g = data(await t.gqlAs(station, `query($v: ID!) { villageGuidance(villageId: $v) { managerName managerPhoneMasked managerAppointedOn pledgeAdoptedOn version } }`, { v: toGlobalId('Region', xinli.id) })).villageGuidance;
      expect(g).toEqual({ managerName: '王建国', managerPhoneMasked: '139****0001', managerAppointedOn: '2026-03-01', pledgeAdoptedOn: '2026-04-01', version: 2 });
      // the typed date cell of 东兴村 is the day typed
      expect((await t.dataSource.query(`SELECT g.manager_appointed_on::text AS d FROM village_guidance g JOIN region r ON r.id = g.village_id WHERE r.name = '东兴村'`))[0].d).toBe('2026-05-06');
      const coverage = data(await t.gql(`query($r: ID) { villageCoverage(regionId: $r) { edges { node { township { name } villages withManager withPledge } } } }`, { r: county })).villageCoverage.edges.map((e: any) => e.node);
      expect(coverage.find((c: any) => c.township.name === '景山镇')).toEqual({ township: { name: '景山镇' }, villages: 2, withManager: 2, withPledge: 1 });
      // the end of a real run is audited with its counts
      const [entry] = await t.dataSource.query(`SELECT outcome, summary FROM audit_entry WHERE operation = 'importVillagesFinished' AND target_id = $1`, [fromGlobalId(real.id, 'ImportJob', 'id')]);
      expect(entry).toMatchObject({ outcome: 'SUCCESS', summary: { after: { status: 'COMPLETED', created: 3, rows: 3 } } });
    });

    it('ORG-6: a station re-imports its villages\' managers: existing villages are matched by name and updated, not created', async () => {
      const file = await xlsxOf('村（社区）', VILLAGE_HEADERS, [['', '新立村', '村', '', '王新', '13943900011', '', '']]);
      const job = await run(station, 'importVillages', file);
      expect(job).toMatchObject({ status: 'COMPLETED', createdRecords: 0, updatedRecords: 1, regionId: jingshan });
      expect((await t.dataSource.query(`SELECT manager_name FROM village_guidance g JOIN region r ON r.id = g.village_id WHERE r.name = '新立村'`))[0].manager_name).toBe('王新');
    });

    it('ORG-6: a dry run with bad rows reports each (row, column, reason) and writes nothing; the real run of the same file writes nothing either', async () => {
      const file = await xlsxOf('村（社区）', VILLAGE_HEADERS, [
        ['景山镇', '红旗村', '村', '', '周一', '13943900021', '', ''], // row 2: good
        ['景山镇', '胜利村', '村', '', '', '13943900022', '', ''], // row 3: no manager
        ['景山镇', '前进村', '村', '', '吴二', '12345', '', ''], // row 4: phone refused by the service
        ['白山镇', '光明村', '村', '', '郑三', '13943900024', '', ''], // row 5: no such township in the county
        ['景山镇', '红旗村', '村', '', '王四', '13943900025', '', ''], // row 6: same village as row 2
        ['景山镇', '团结村', '组', '', '冯五', '13943900026', '2026-02-30', ''], // row 7: bad kind, impossible date
        ['景山镇', '和平村', '村', '', '陈六', '13943900027', '2999-01-01', ''], // row 8: a future date (the service's rule)
        ['景山镇', '新立村', '村', '220622999999', '褚七', '13943900028', '', ''], // row 9: code differs from the registered one
      ]);
      const sha = await upload(t.office, file);
      const before = await tableDigests(t, BOOKKEEPING);
      for (const dryRun of [true, false]) {
        const job = await waitForImport(t, t.office, data(await start(t.office, 'importVillages', sha, { regionId: county, dryRun })).importVillages.id);
        expect(job.status).toBe('REJECTED');
        expect(job.problems).toEqual([
          { row: 3, column: '消防安全管理人', reason: '必填' },
          { row: 4, column: '管理人电话', reason: '须为 11 位手机号码' },
          { row: 5, column: '乡镇', reason: '靖宇县没有名为“白山镇”的乡镇' },
          { row: 6, column: '村（社区）名称', reason: '与第 2 行重复' },
          { row: 7, column: '类别', reason: '“组”不是可选的取值（村、社区）' },
          { row: 7, column: '确定日期', reason: '“2026-02-30”不是有效的日期（YYYY-MM-DD）' },
          { row: 8, column: '确定日期', reason: `任命日期不能晚于今天（${t.clock.today()}）` }, // T-ORG-2
          { row: 9, column: '区划代码', reason: '与已登记的区划代码 220622102201 不一致' },
        ]);
        expect(await tableDigests(t, BOOKKEEPING)).toEqual(before);
      }
      expect((await villageNames(jingshan)).map((v) => v.name)).not.toContain('红旗村');
    });

    it('every problem of a row in one round: two bad cells and an unknown township are reported together, and the rest of the file as well', async () => {
      const file = await xlsxOf('村（社区）', VILLAGE_HEADERS, [
        ['白山镇', '团结二村', '组', '', '冯五', '13943900026', '2026-02-30', ''], // row 2: 类别 and 确定日期 (cells), 乡镇 (not in the county)
        ['景山镇', '团结三村', '村', '', '冯七', '123', '2026-13-01', ''], // row 3: 确定日期 (cell) and 管理人电话 (the service's rule), reached only now
        ['景山镇', '团结四村', '村', '', '冯六', '13943900027', '', ''], // row 4: good
      ]);
      const before = await tableDigests(t, BOOKKEEPING);
      const job = await run(t.office, 'importVillages', file, { regionId: county, dryRun: true });
      expect(job.status).toBe('REJECTED');
      expect(job.problems).toEqual([
        { row: 2, column: '乡镇', reason: '靖宇县没有名为“白山镇”的乡镇' },
        { row: 2, column: '类别', reason: '“组”不是可选的取值（村、社区）' },
        { row: 2, column: '确定日期', reason: '“2026-02-30”不是有效的日期（YYYY-MM-DD）' },
        { row: 3, column: '管理人电话', reason: '须为 11 位手机号码' },
        { row: 3, column: '确定日期', reason: '“2026-13-01”不是有效的日期（YYYY-MM-DD）' },
      ]);
      // the rows with problems are not counted: only row 4 would be written
      expect(job.createdRecords).toBe(1);
      expect(await tableDigests(t, BOOKKEEPING)).toEqual(before);
      expect((await villageNames(jingshan)).map((v) => v.name)).not.toContain('团结三村');
    });

    it('spreadsheet accidents: a landline that lost its leading 0 and an id in scientific notation each say so, with the row\'s other problems', async () => {
      const ExcelJS = (await import('exceljs')).default;
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('村（社区）');
      ws.addRow(VILLAGE_HEADERS);
      // 0439-6212345 typed into a General cell: the number 4396212345; a code pasted as Excel showed it: 2.20622E+11
      ws.addRow(['景山镇', '事故村', '村', '2.20622E+11', '褚九', 4396212345, '', '']);
      const job = await run(t.office, 'importVillages', Buffer.from(await wb.xlsx.writeBuffer()), { regionId: county, dryRun: true });
      expect(job.problems).toEqual([
        { row: 2, column: '区划代码', reason: '该单元格是科学计数法（2.20622E+11），号码已被表格软件改写、末尾几位已丢失：请把此列设置为“文本”格式后重新填写号码' },
        { row: 2, column: '管理人电话', reason: '该单元格被表格软件存成了数字（439*****45），号码开头的 0 已丢失：请把此列设置为“文本”格式后重新填写号码' },
      ]);
    });

    it('ImportJob.problems is a connection: a rejected file\'s problems page in row order, first/after, with their totalCount', async () => {
      const file = await xlsxOf('村（社区）', VILLAGE_HEADERS, ['一', '二', '三', '四', '五'].map((n, i) => ['景山镇', `${n}号村`, '村', '', '', `1394390010${i}`, '', '']));
      const job = await run(t.office, 'importVillages', file, { regionId: county, dryRun: true });
      expect(job).toMatchObject({ status: 'REJECTED', problemCount: 5 });
      const PAGE = `query($id: ID!, $first: Int, $after: String) { importJob(id: $id) { problems(first: $first, after: $after) {
        totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { row column reason } } } } }`;
      const page = async (first: number, after?: string) => data(await t.gql(PAGE, { id: job.id, first, after })).importJob.problems;
      const p1 = await page(2);
      expect(p1).toMatchObject({ totalCount: 5, pageInfo: { hasNextPage: true, hasPreviousPage: false } });
      expect(p1.edges.map((e: any) => e.node)).toEqual([2, 3].map((row) => ({ row, column: '消防安全管理人', reason: '必填' })));
      const p2 = await page(2, p1.pageInfo.endCursor);
      expect(p2.edges.map((e: any) => e.node.row)).toEqual([4, 5]);
      const p3 = await page(2, p2.pageInfo.endCursor);
      expect(p3.edges.map((e: any) => e.node.row)).toEqual([6]);
      expect(p3.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
      // the default page is 20; more than 100 at once and a forged cursor are refused on the argument
      expect((await page(100)).edges).toHaveLength(5);
      expect(error(await t.gql(PAGE, { id: job.id, first: 101 })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'first' }] });
      const forged = Buffer.from(JSON.stringify(['x'])).toString('base64url');
      expect(error(await t.gql(PAGE, { id: job.id, first: 2, after: forged })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'after' }] });
    });

    it('ORG-6: at a township scope a row naming the township and one leaving it blank are the same village: a duplicate', async () => {
      const job = await run(station, 'importVillages', await xlsxOf('村（社区）', VILLAGE_HEADERS, [
        ['', '新立村', '村', '', '王新', '13943900011', '', ''],
        ['景山镇', '新立村', '村', '', '王旧', '13943900012', '', ''],
      ]), { dryRun: true });
      expect(job.problems).toEqual([{ row: 3, column: '村（社区）名称', reason: '与第 2 行重复' }]);
    });

    it('ORG-6: a row gives a code the registered village lacks: the committee office sets it (setRegionCode\'s rules), a station may not', async () => {
      const row = [['景山镇', '兴华社区', '社区', '220622102202', '李红', '13943900003', '', '']];
      const refused = await run(station, 'importVillages', await xlsxOf('村（社区）', VILLAGE_HEADERS, row));
      expect(refused.problems).toEqual([{ row: 2, column: '区划代码', reason: expect.stringContaining('无权设置区划代码') }]);
      const bad = await run(t.office, 'importVillages', await xlsxOf('村（社区）', VILLAGE_HEADERS, [['景山镇', '兴华社区', '社区', '220622999202', '李红', '13943900003', '', '']]), { regionId: county });
      expect(bad.problems).toEqual([{ row: 2, column: '区划代码', reason: expect.any(String) }]);
      const done = await run(t.office, 'importVillages', await xlsxOf('村（社区）', VILLAGE_HEADERS, row), { regionId: county });
      expect(done).toMatchObject({ status: 'COMPLETED', createdRecords: 0, updatedRecords: 1 });
      expect(await villageNames(jingshan)).toContainEqual({ name: '兴华社区', code: '220622102202' });
    });

    it('ORG-6: a hidden row (hidden, or filtered out) is a problem: nobody saw what it would write', async () => {
      const ExcelJS = (await import('exceljs')).default;
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('村（社区）');
      ws.addRow(VILLAGE_HEADERS);
      ws.addRow(['', '新立村', '村', '', '王新', '13943900011', '', '']);
      ws.addRow(['', '兴华社区', '社区', '', '李红', '13943900003', '', '']).hidden = true;
      const job = await run(station, 'importVillages', Buffer.from(await wb.xlsx.writeBuffer()), { dryRun: true });
      expect(job.problems).toEqual([{ row: 3, column: null, reason: expect.stringContaining('该行被隐藏') }]);
    });

    it('ORG-6: a station may not create a village (the committee office registers them); the row says so', async () => {
      const job = await run(station, 'importVillages', await xlsxOf('村（社区）', VILLAGE_HEADERS, [['', '新建村', '村', '', '钱八', '13943900031', '', '']]));
      expect(job.problems).toEqual([{ row: 2, column: '村（社区）名称', reason: expect.stringContaining('无权新增村（社区）') }]);
    });
  });

  describe('premises (INS-1)', () => {
    it('INS-1: a station imports premises into its township (and its villages); they list as if registered one by one', async () => {
      const file = await xlsxOf('场所', PREMISES_HEADERS, [
        ['', '', '九小场所', '景山镇惠民超市', '兴华街 12 号', '', '李明', '13943900041', '一般风险', '否'],
        ['景山镇', '新立村', '村屯', '新立村屯', '新立村', '', '王新', '', '较大风险', '是'],
      ]);
      const job = await run(station, 'importPremises', file);
      expect(job).toMatchObject({ status: 'COMPLETED', createdRecords: 2, problems: [], startedBy: station.username });
      const listed = data(await t.gqlAs(station, `{ premises(first: 10) { edges { node { name kind riskLevel keyUnit region { name } } } } }`)).premises.edges.map((e: any) => e.node);
      expect(listed).toEqual(expect.arrayContaining([
        { name: '景山镇惠民超市', kind: 'SMALL_VENUE', riskLevel: 'GENERAL', keyUnit: false, region: { name: '景山镇' } },
        { name: '新立村屯', kind: 'VILLAGE', riskLevel: 'SIGNIFICANT', keyUnit: true, region: { name: '新立村' } },
      ]));
    });

    it('INS-1: all or none: one bad row among good ones writes none of them', async () => {
      const before = await tableDigests(t, BOOKKEEPING);
      const file = await xlsxOf('场所', PREMISES_HEADERS, [
        ['', '', '企业', '景山木业', '工业园 1 号', '', '孙厂长', '', '较大风险', '是'],
        ['', '', '企业', '景山酒厂', '工业园 2 号', '', '周厂长', '', '较大风险', '是'],
        ['靖宇镇', '', '企业', '靖宇木业', '工业园 3 号', '', '吴厂长', '', '一般风险', '否'], // another township: outside the station's scope
        ['', '', '成员单位', '县教育局', '人民大街', '', '郑局长', '', '一般风险', '否'], // a member unit kind without its unit
      ]);
      const job = await run(station, 'importPremises', file);
      expect(job.status).toBe('REJECTED');
      expect(job.problems).toEqual([
        { row: 4, column: '乡镇', reason: '本次导入的范围是景山镇，不能导入“靖宇镇”的数据' },
        { row: 5, column: '成员单位', reason: '成员单位类场所须指明成员单位' },
      ]);
      // rows 2 and 3 were written in their savepoints, then rolled back with the whole run
      expect(job.createdRecords).toBe(2);
      expect(await tableDigests(t, BOOKKEEPING)).toEqual(before);
    });

    it('INS-1: the checks of a row that do not depend on one another all report: a township outside the scope, an unknown member unit, two bad cells', async () => {
      const file = await xlsxOf('场所', PREMISES_HEADERS, [['靖宇镇', '', '商店', '靖宇商店', '某街 1 号', '县不存在局', '某人', '', '一般风险', '可能']]);
      const job = await run(station, 'importPremises', file, { dryRun: true });
      expect(job.problems).toEqual([
        { row: 2, column: '乡镇', reason: '本次导入的范围是景山镇，不能导入“靖宇镇”的数据' },
        { row: 2, column: '场所类别', reason: expect.stringContaining('“商店”不是可选的取值') },
        { row: 2, column: '成员单位', reason: '没有名为“县不存在局”的成员单位' },
        { row: 2, column: '消防安全重点单位', reason: '“可能”须为“是”或“否”' },
      ]);
    });

    it('jurisdiction: a station cannot import into another township; a role without PREMISES_MANAGE cannot import premises', async () => {
      const sha = await upload(station, await xlsxOf('场所', PREMISES_HEADERS, [['', '', '企业', '甲', '乙', '', '丙', '', '低风险', '否']]));
      expect(error(await start(station, 'importPremises', sha, { regionId: jingyu })).extensions.code).toBe('FORBIDDEN');
      expect(error(await start(gov, 'importPremises', sha)).extensions.code).toBe('FORBIDDEN');
      // a file of someone else is not the caller's to import
      expect(error(await start(otherStation, 'importPremises', sha)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.file' }] });
    });
  });

  describe('people as candidates (PER-1)', () => {
    const row = (name: string, id: string, overrides: Partial<Record<number, string>> = {}) => {
      const r = ['', name, '男', `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`, id, '13943900051', '高中', '220622102', '220622102', '景山镇人民政府', '体制内', '良好', '', ''];
      for (const [i, v] of Object.entries(overrides)) r[Number(i)] = v!;
      return r;
    };

    it('PER-1: a township government imports candidates: each person is registered and proposed for its station', async () => {
      const a = citizenIdFor('1990-06-15', true, 301);
      const b = citizenIdFor('1992-01-20', true, 302);
      const job = await run(gov, 'importCandidates', await xlsxOf('人选', CANDIDATE_HEADERS, [row('张伟', a), row('刘洋', b, { 6: '本科' })]));
      expect(job).toMatchObject({ status: 'COMPLETED', createdRecords: 2, problems: [] });
      const people = data(await t.gqlAs(gov, `{ people(first: 50) { edges { node { name citizenIdMasked education posts(first: 5) { edges { node { state organization { name } } } } } } } }`)).people.edges
        .map((e: any) => ({ ...e.node, posts: e.node.posts.edges.map((p: any) => p.node) }));
      expect(people).toEqual(expect.arrayContaining([
        { name: '张伟', citizenIdMasked: `${a.slice(0, 6)}********${a.slice(14)}`, education: 'SENIOR_HIGH', posts: [{ state: 'CANDIDATE', organization: { name: expect.stringContaining('景山镇') } }] },
        { name: '刘洋', citizenIdMasked: expect.any(String), education: 'BACHELOR', posts: [{ state: 'CANDIDATE', organization: { name: expect.stringContaining('景山镇') } }] },
      ]));
      const staffing = data(await t.gqlAs(gov, `{ staffing(first: 100) { edges { node { townshipName pipeline { state count } } } } }`)).staffing.edges.map((e: any) => e.node).find((s: any) => s.townshipName === '景山镇');
      expect(staffing.pipeline.find((p: any) => p.state === 'CANDIDATE').count).toBeGreaterThanOrEqual(2);
    });

    it('GB 11643 and the duplicate rules: a bad check digit, a birth date that disagrees, a person already registered, the same ID twice in the file', async () => {
      const good = citizenIdFor('1991-03-03', true, 303);
      const registered = citizenIdFor('1990-06-15', true, 301); // imported above
      const badCheck = `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`;
      const file = await xlsxOf('人选', CANDIDATE_HEADERS, [
        row('甲', good),
        row('乙', badCheck),
        row('丙', citizenIdFor('1993-05-05', true, 304), { 3: '1993-05-06' }),
        row('丁', registered),
        row('戊', good),
        row('己', citizenIdFor('1994-07-07', false, 305)), // a woman's ID, 男 in the 性别 column
      ]);
      const job = await run(gov, 'importCandidates', file, { dryRun: true });
      expect(job.status).toBe('REJECTED');
      expect(job.problems.map((p: any) => [p.row, p.column])).toEqual([[3, '身份证号'], [4, '出生日期'], [5, null], [6, '身份证号'], [7, '性别']]);
      expect(job.problems.find((p: any) => p.row === 5).reason).toBe('该身份证号的人员已登记');
      expect(job.problems.find((p: any) => p.row === 6).reason).toBe('与第 2 行重复');
      expect(job.problems.every((p: any) => /[\u4e00-\u9fff]/.test(p.reason))).toBe(true);
    });
    /** The citizen-id checks audited since `after` (an audit_entry id): answer, target, and whether that target exists. */
    const idChecks = async (after: number) => (await t.dataSource.query(
      `SELECT a.id, a.target_id, a.summary, EXISTS (SELECT 1 FROM person p WHERE p.id::text = a.target_id) AS target_exists
       FROM audit_entry a WHERE a.operation = 'citizenIdDuplicateCheck' AND a.id > $1 ORDER BY a.id`, [after],
    )) as { id: number; target_id: string | null; summary: { after: Record<string, unknown> }; target_exists: boolean }[];
    const lastAuditId = async () => Number(((await t.dataSource.query(`SELECT coalesce(max(id), 0) AS n FROM audit_entry`)) as { n: string }[])[0].n);

    it('PER-1: a rejected run audits each citizen-id check it answered, but no entry names a person it undid (a refused row\'s, the run\'s)', async () => {
      const fresh = citizenIdFor('1989-09-09', true, 308);
      const registered = citizenIdFor('1990-06-15', true, 301); // 张伟, imported above
      const before = await lastAuditId();
      const job = await run(gov, 'importCandidates', await xlsxOf('人选', CANDIDATE_HEADERS, [
        row('壬', fresh, { 11: '很好' }), // a bad cell: the row still runs createPerson (no communication), then is undone
        row('张伟', registered),
      ]));
      expect(job.status).toBe('REJECTED');
      expect(job.problems.map((p: any) => [p.row, p.column])).toEqual([[2, '沟通协调能力评价'], [3, null]]);
      expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM person WHERE citizen_id_masked = $1`, [`${fresh.slice(0, 6)}********${fresh.slice(14)}`])).toEqual([{ n: 0 }]);
      const audited = await idChecks(before);
      // the answers given are audited (the report tells 已登记 or not): NONE for row 2, DUPLICATE for row 3
      expect(audited.map((a) => a.summary.after.answer)).toEqual(['NONE', 'DUPLICATE']);
      // row 2's person was undone: its entry names no record and says so; row 3's names the person registered before
      expect(audited[0]).toMatchObject({ target_id: null, target_exists: false, summary: { after: { answer: 'NONE', recordUndone: true } } });
      expect(audited[1]).toMatchObject({ target_exists: true });
      expect(audited[1].summary.after.recordUndone).toBeUndefined();
      // and the audit log shows the same to the county office
      const log = data(await t.admins.audit.gql(`{ auditLog(operation: "citizenIdDuplicateCheck", first: 100) { edges { node { id targetId summary } } } }`)).auditLog.edges.map((e: any) => e.node);
      const dangling = (await t.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_entry a WHERE a.operation = 'citizenIdDuplicateCheck' AND a.target_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM person p WHERE p.id::text = a.target_id)`,
      )) as { n: number }[];
      expect(log.length).toBeGreaterThanOrEqual(2);
      expect(dangling).toEqual([{ n: 0 }]);
    });

    it('PER-9: a row repeating an earlier one still reports its own whole-row problem (a post elsewhere); only 「已登记」 is left to 「与第 2 行重复」', async () => {
      // registered in 靖宇镇 (outside 景山镇's jurisdiction) with an open post there
      const id = citizenIdFor('1987-07-17', true, 309);
      const person = data(await t.gql(`mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }`, {
        i: {
          name: '癸', gender: 'MALE', birthDate: '1987-07-17', citizenId: id, education: 'SENIOR_HIGH', householdRegionCode: '220622101', residenceRegionCode: '220622101',
          establishmentUnit: '靖宇镇人民政府', establishmentType: 'PUBLIC_SYSTEM', communication: 'GOOD', regionId: jingyu,
        },
      })).createPerson.id;
      const [{ id: station }] = (await t.dataSource.query(
        `SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = '靖宇镇' AND o.kind = 'FIRE_WORK_STATION'`)) as { id: string }[];
      data(await t.gql(`mutation($i: PersonAtStationInput!) { proposeCandidate(input: $i) { id } }`, { i: { personId: person, stationId: toGlobalId('Organization', station) } }));
      const before = await lastAuditId();
      const job = await run(gov, 'importCandidates', await xlsxOf('人选', CANDIDATE_HEADERS, [row('癸', id), row('癸', id)]), { dryRun: true });
      expect(job.status).toBe('REJECTED');
      const clash = 'PER-9：该身份证号在本辖区以外另有岗位登记，一人不能同时任两个岗位；请联系县消委办核对';
      expect(job.problems.map((p: any) => [p.row, p.column, p.reason])).toEqual([
        [2, null, clash],
        [3, null, clash],
        [3, '身份证号', '与第 2 行重复'],
      ]);
      // each row registered the person silently (NONE, and the link to 靖宇镇's record), then was undone: no entry names it
      const audited = await idChecks(before);
      expect(audited.length).toBe(4);
      expect(audited.every((a) => a.target_id === null && a.summary.after.recordUndone === true)).toBe(true);
    });

    it('PER-4: household and residence codes are GB/T 2260 place codes: a county alone or 999999999999 is a problem of its column', async () => {
      const file = await xlsxOf('人选', CANDIDATE_HEADERS, [
        row('庚', citizenIdFor('1990-02-02', true, 306), { 7: '220622' }),
        row('辛', citizenIdFor('1990-03-03', true, 307), { 8: '999999999999' }),
      ]);
      const job = await run(gov, 'importCandidates', file, { dryRun: true });
      expect(job.status).toBe('REJECTED');
      expect(job.problems.map((p: any) => [p.row, p.column, p.reason])).toEqual([
        [2, '户籍地区划代码', '须为 9 位（乡镇）或 12 位（村居）行政区划代码'],
        [3, '常驻地区划代码', '99 不是 GB/T 2260 的省级代码'],
      ]);
    });
  });

  describe('files that are not the template', () => {
    it('a file that is not an .xlsx, a sheet without the template\'s headers, or no rows is refused at once, with no job', async () => {
      const photo = await upload(station, png());
      const notXlsx = error(await start(station, 'importPremises', photo));
      expect(notXlsx.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.file', reason: expect.stringContaining('不是有效的 Excel 文件') }] });
      const wrong = await upload(station, await xlsxOf('场所', ['名称', '地址', '备注'], [['a', 'b', 'c']]));
      const headers = error(await start(station, 'importPremises', wrong));
      expect(headers.extensions.code).toBe('BAD_USER_INPUT');
      expect(headers.extensions.fields.map((f: any) => f.reason)).toEqual(expect.arrayContaining(['缺少必填列“场所类别”', '模板中没有“备注”列（请使用下载的模板）']));
      const empty = await upload(station, await xlsxOf('场所', PREMISES_HEADERS, []));
      expect(error(await start(station, 'importPremises', empty)).extensions.fields[0].reason).toContain('没有数据行');
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM import_job WHERE actor_id = $1`, [station.id]))[0].n).toBe(
        (await t.dataSource.query(`SELECT count(*)::int AS n FROM import_job WHERE actor_id = $1 AND status <> 'RUNNING'`, [station.id]))[0].n,
      );
    });
  });

  describe('progress and who sees a job', () => {
    it('progress: a larger file reports each processed row, in order, and ends with processedRows = totalRows', async () => {
      const rows = Array.from({ length: 250 }, (_, i) => ['', '', '九小场所', `小店 ${i + 1}`, `兴华街 ${i + 1} 号`, '', '店主', '', '低风险', '否']);
      const svc = t.app.get(ImportService);
      const ctx = RequestContext.system('test');
      const prepared = await svc.prepare(ctx, { kind: ImportKind.PREMISES, data: await xlsxOf('场所', PREMISES_HEADERS, rows), fileSha256: 'f'.repeat(64), regionId: jingshan, dryRun: true });
      const seen: number[] = [];
      const ended = await svc.execute(ctx, prepared, (done, total) => {
        expect(total).toBe(250);
        seen.push(done);
      });
      expect(seen).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
      expect(ended).toMatchObject({ status: 'VALIDATED', processedRows: 250, totalRows: 250, createdRecords: 250 });
    });

    it('progress through the API: a client polling importJob sees processedRows move (server), and the start is audited as the mutation', async () => {
      // embedded: the import holds the one connection, and a poll waits for it (SERVICE_UNAVAILABLE past the 3 s
      // connect timeout, as documented): a file small enough to end well within it on a slow machine
      const total = process.env.DATABASE_URL ? 600 : 60;
      const rows = Array.from({ length: total }, (_, i) => ['', '', '九小场所', `进度店 ${i + 1}`, `进度街 ${i + 1} 号`, '', '店主', '', '低风险', '否']);
      const sha = await upload(station, await xlsxOf('场所', PREMISES_HEADERS, rows));
      const started = data(await start(station, 'importPremises', sha, { dryRun: true })).importPremises;
      const seen: number[] = [];
      let persisted = 0;
      for (;;) {
        const job = data(await t.gqlAs(station, `query($id: ID!) { importJob(id: $id) { status processedRows } }`, { id: started.id })).importJob;
        seen.push(job.processedRows);
        if (job.status !== 'RUNNING') break;
        const [row] = await t.dataSource.query(`SELECT processed_rows FROM import_job WHERE id = $1`, [fromGlobalId(started.id, 'ImportJob', 'id')]);
        persisted = Math.max(persisted, row.processed_rows);
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(seen.at(-1)).toBe(total);
      if (process.env.DATABASE_URL) {
        // on a server the poll runs beside the import: it sees the rows counted so far, and the row is updated every 200
        expect(seen.some((n) => n > 0 && n < total)).toBe(true);
        expect(persisted).toBeGreaterThanOrEqual(200);
      }
      // the mutation's own audit entry is written before the rows start (embedded: they would hold the connection)
      const [entry] = await t.dataSource.query(`SELECT outcome FROM audit_entry WHERE operation = 'importPremises' AND target_id = $1`, [fromGlobalId(started.id, 'ImportJob', 'id')]);
      expect(entry).toEqual({ outcome: 'SUCCESS' });
    });

    it('a job is visible to whoever started it and to its jurisdiction\'s importers, NOT_FOUND to others (also through node)', async () => {
      const job = await run(station, 'importPremises', await xlsxOf('场所', PREMISES_HEADERS, [['', '', '其他', '可见性测试', '某地', '', '某人', '', '低风险', '']]), { dryRun: true });
      const q = `query($id: ID!) { importJob(id: $id) { status } }`;
      expect(data(await t.gqlAs(station, q, { id: job.id })).importJob.status).toBe('VALIDATED');
      const center = await t.account({ role: Role.CENTER });
      expect(data(await t.gqlAs(center, q, { id: job.id })).importJob.status).toBe('VALIDATED');
      expect(error(await t.gqlAs(otherStation, q, { id: job.id })).extensions.code).toBe('NOT_FOUND');
      expect(error(await t.gqlAs(gov, q, { id: job.id })).extensions.code).toBe('NOT_FOUND'); // in reach, but no PREMISES_MANAGE
      expect(data(await t.gqlAs(otherStation, `query($id: ID!) { node(id: $id) { id } }`, { id: job.id })).node).toBeNull();
      expect(data(await t.gqlAs(station, `query($id: ID!) { node(id: $id) { ... on ImportJob { status } } }`, { id: job.id })).node).toEqual({ status: 'VALIDATED' });
    });
  });
});
