import ExcelJS from 'exceljs';
import { createPremises, inspectionsFixture, InspectionsFixture, reportHazard } from '../support/inspections';
import { getFile } from '../support/office';
import { createTestApp, data, TestApp } from '../support/test-app';

/**
 * OWASP CSV Injection (GB/T 22239-2019 8.1.4.8): text a user typed that starts like a formula (= + - @, tab, CR)
 * is written to an .xlsx export with a leading apostrophe, as text: it stays text when a clerk saves the sheet as
 * CSV and opens it again. What the API answers is unchanged.
 */
describe('exports neutralize formula-like text (OWASP CSV Injection)', () => {
  let t: TestApp;
  let f: InspectionsFixture;
  // (a leading tab or CR never reaches a record: the API trims text; src/office/xlsx-safety.spec.ts covers them)
  const texts = ['=HYPERLINK("http://x","点我")', '@SUM(1)', '-1+2', '+cmd|\' /C calc\'!A0'];

  beforeAll(async () => {
    t = await createTestApp();
    f = await inspectionsFixture(t);
    const premises = await createPremises(f, { name: '@SUM(1)小超市' });
    for (const description of texts) await reportHazard(f, premises, { description });
    await reportHazard(f, premises, { description: '疏散通道堆放杂物' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('hazards.xlsx: each such description is a text cell with an apostrophe in front, never a formula; other text as typed', async () => {
    const api = data(await t.gqlAs(f.station, `{ hazards(first: 50) { edges { node { description } } } }`)).hazards.edges.map((e: any) => e.node.description);
    // the API answers what was typed
    expect(api).toEqual(expect.arrayContaining(texts));
    const res = await getFile(t, f.station, '/office/exports/hazards.xlsx');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.bytes as never);
    const ws = wb.getWorksheet('隐患清单')!;
    const cells: ExcelJS.Cell[] = [];
    ws.eachRow((row) => row.eachCell((cell) => cells.push(cell)));
    // no cell of the file is a formula, whatever its text
    expect(cells.filter((c) => c.type === ExcelJS.ValueType.Formula || c.formula)).toEqual([]);
    const values = cells.map((c) => c.value);
    for (const text of texts) {
      expect(values).toContain(`'${text}`);
      expect(values).not.toContain(text);
      const cell = cells.find((c) => c.value === `'${text}`)!;
      expect(cell.type).toBe(ExcelJS.ValueType.String);
    }
    expect(values).toContain("'@SUM(1)小超市");
    expect(values).toContain('疏散通道堆放杂物');
  });
});
