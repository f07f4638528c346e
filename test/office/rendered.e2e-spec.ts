import { getFile, readXlsx, sheetRecords } from '../support/office';
import { officeDataset, OfficeDataset } from '../support/office-dataset';
import { describeRendered, isA4, pdfWords, PdfWord, render, RenderedPdf } from '../support/render';
import { formatFigure } from '../../src/office/briefing.service';
import { withoutExportApostrophe } from '../../src/office/xlsx';
import { createTestApp, data, TestApp } from '../support/test-app';

/**
 * The office documents as the committee office prints them: each file converted to PDF by LibreOffice and read with
 * poppler (test/support/render.ts; skipped without LibreOffice unless REQUIRE_LIBREOFFICE=1, as in CI). One
 * conversion per file (a few seconds each). Data: test/support/office-dataset.ts (40 overdue hazards in 2027-06).
 */
describeRendered('office documents rendered by LibreOffice', () => {
  let t: TestApp;
  let d: OfficeDataset;
  let briefing: RenderedPdf;
  let hazards: Printed;
  let fireSituation: Printed;
  let auditTrail: Printed & { records: Record<string, string>[]; words: PdfWord[] };

  /** A rendered workbook with each sheet's header row (the row starting with `firstHeader`) and rows below it. */
  type Printed = RenderedPdf & { pdf: Buffer; sheets: { header: string[]; rows: number }[] };
  const printed = async (bytes: Buffer, firstHeader: string): Promise<Printed> => {
    const sheets = [...(await readXlsx(bytes)).values()].map((rows) => {
      const at = rows.findIndex((r) => r[0] === firstHeader);
      return { header: rows[at].filter(Boolean), rows: rows.length - at - 1 };
    });
    return { ...(await render(bytes, 'xlsx')), sheets };
  };
  /** 表2's columns after the township, in order (BriefingTownshipRow). */
  const TABLE2 = ['incidents', 'deaths', 'injuries', 'directLossYuan', 'hazardsFound', 'hazardsRectified', 'hazardsOverdue', 'rectificationRate', 'inspections'] as const;
  const situation = async () => data(await t.gqlAs(d.f.center, `query($r: ID!, $p: PeriodInput!) { fireSituation(regionId: $r, period: $p) {
    total { townshipName current { ${TABLE2.join(' ')} } } townships { townshipName current { ${TABLE2.join(' ')} } } } }`,
  { r: d.f.county, p: { kind: 'MONTH', year: 2027, number: 6 } })).fireSituation;
  const download = async (path: string) => {
    const res = await getFile(t, d.f.center, path);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.bytes;
  };

  // three conversions one after another, each allowed 120 s (toPdf): a cold LibreOffice on two busy cores is slow
  beforeAll(async () => {
    t = await createTestApp();
    d = await officeDataset(t);
    const county = encodeURIComponent(d.f.county);
    briefing = await render(await download(`/office/briefings/fire-situation.docx?regionId=${county}&month=${d.month}`), 'docx');
    hazards = await printed(await download(`/office/exports/hazards.xlsx?overdue=true&regionId=${county}`), '发现日期');
    fireSituation = await printed(await download(`/office/exports/fire-situation.xlsx?regionId=${county}&period=${d.month}`), '乡镇');
    // the audit trail of the dataset, as its administrator exports it: entries carry the database's time (the
    // dataset's clock is in 2027), so the clock is set to the real now for the period to reach them (T-AUD-1)
    const datasetNow = t.clock.now();
    t.clock.freeze(new Date());
    const to = t.clock.now();
    const from = new Date(to.getTime() - 3_600_000);
    const res = await getFile(t, await t.admins.audit.account(), `/office/exports/audit-trail.xlsx?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`);
    t.clock.freeze(datasetNow); // the other documents' checks read the dataset's month as of its day
    if (res.status !== 200) throw new Error(`audit-trail.xlsx: ${res.status} ${JSON.stringify(res.body)}`);
    const audit = await printed(res.bytes, '时间');
    auditTrail = { ...audit, records: sheetRecords((await readXlsx(res.bytes)).get('审计记录')!, '时间'), words: await pdfWords(audit.pdf, 1, 1) };
  }, 600_000);
  afterAll(async () => {
    await t?.close();
  });

  describe('the monthly briefing (.docx)', () => {
    it('prints on A4 portrait, every page', () => {
      expect(briefing.pages.length).toBeGreaterThan(0);
      for (const p of briefing.pages) expect([p.number, p.width, p.height]).toEqual([p.number, 595, 842]);
    });

    it('is the county\'s briefing of the month, in Chinese text a reader can copy', () => {
      const text = briefing.pages.map((p) => p.text).join('\n');
      expect(text).toContain('靖宇县');
      expect(text).toMatch(/2027\s*年\s*6\s*月/);
      // a listed overdue hazard is in the text as typed (a CJK font is there and the PDF carries its text)
      expect(text).toContain(d.overdue[0].key);
    });
  });

  describe('the monthly briefing as sent (INS-4)', () => {
    const text = () => briefing.pages.map((p) => p.text).join('\n');

    it('names no account: no username, no 「编制：」, no 「system:」', () => {
      expect(text()).not.toMatch(/编制：|system:/);
      for (const a of [d.f.center, d.f.station, d.f.brigade, d.longquan]) expect([a.username, text().includes(a.username)]).toEqual([a.username, false]);
    });

    it('lists every overdue hazard of the month\'s end in the appendix, grouped by township in the body\'s order, worst first', async () => {
      // the appendix starts at its own title line 「附件 1」 (the body and the attachment note mention it before)
      const start = text().search(/^附件\s*1\s*$/m);
      expect(start).toBeGreaterThan(0);
      const list = text().slice(start, text().search(/^附件\s*2\s*$/m) > start ? text().search(/^附件\s*2\s*$/m) : undefined);
      const at = d.overdue.map((h) => ({ ...h, at: list.indexOf(`${h.key}：`) }));
      for (const h of at) expect([h.key, h.at >= 0, list.split(`${h.key}：`).length - 1]).toEqual([h.key, true, 1]);
      const townships = (await situation()).townships.map((r: { townshipName: string }) => r.townshipName);
      // d.overdue is worst first over the county; a stable sort by township gives the expected order
      const expected = [...d.overdue].sort((a, b) => townships.indexOf(a.township) - townships.indexOf(b.township)).map((h) => h.key);
      expect([...at].sort((a, b) => a.at - b.at).map((h) => h.key)).toEqual(expected);
    });

    it('holds the two charts as pictures (图1 trend, 图2 townships)', () => {
      // the charts are 1280 px wide (PNG_SCALE × CHART_WIDTH); the template's placeholders, left in place when a chart
      // is not drawn, are 64 px: counting images alone could not tell them apart
      const charts = briefing.images.filter((i) => i.width >= 1000);
      expect([charts.length >= 2, briefing.images]).toEqual([true, briefing.images]);
      expect(text()).toContain('图1');
      expect(text()).toContain('图2');
    });

    it('prints the county\'s and each township\'s figures of 表2 as fireSituation answers them', async () => {
      const s = await situation();
      const lines = briefing.pages.flatMap((p) => p.text.split('\n')).map((l) => l.trim().split(/\s+/));
      const rows = [...s.townships, { ...s.total, townshipName: '合计' }];
      for (const r of rows) {
        const expected = [r.townshipName, ...TABLE2.map((m) => formatFigure(m, r.current[m]))];
        expect([r.townshipName, lines.some((l) => l.join(' ') === expected.join(' '))]).toEqual([r.townshipName, true]);
      }
    });
  });

  /**
   * One page wide: printed with the header row repeated (as every export is), a page that holds every column shows
   * both the first and the last column's header on the same line. When the columns do not fit and LibreOffice
   * splits the sheet across pages, the right-hand columns go to pages of their own, whose repeated header lacks the
   * first column (and the left pages lack the last one). So every page must show the header line with the first
   * and the last column's header; and every data row's first cell is on a page's line at most once (a row split
   * in two would not repeat its first cell, so this is the check that rows are not printed twice instead).
   */
  const oneWide = (doc: Printed) => {
    for (const p of doc.pages) {
      const lines = p.text.split('\n');
      const whole = doc.sheets.some(({ header }) => lines.some((l) => l.includes(header[0]) && l.includes(header.at(-1)!)));
      expect([p.number, whole, lines.slice(0, 8).join('\n')]).toEqual([p.number, true, expect.any(String)]);
    }
  };

  describe('the overdue hazards export (.xlsx)', () => {
    it('prints on A4, every page', () => {
      for (const p of hazards.pages) expect([p.number, isA4(p)]).toEqual([p.number, true]);
    });

    it('is one page wide: every page shows the header line from the first column (发现日期) to the last', () => {
      expect(hazards.sheets.map((s) => s.rows)).toEqual([d.overdue.length]);
      oneWide(hazards);
    });

    it('holds every overdue hazard once, in the rendered text', () => {
      const text = hazards.pages.map((p) => p.text).join('\n');
      // by the description's key (「超市隐患第 1 项」, followed by 「：」 so 第 1 项 is not 第 10 项): a long cell may wrap
      for (const { key } of d.overdue) expect([key, text.split(`${key}：`).length - 1]).toEqual([key, 1]);
    });
  });

  describe('the fire-situation export (.xlsx)', () => {
    it('prints on A4, one page wide, with every township', () => {
      for (const p of fireSituation.pages) expect([p.number, isA4(p)]).toEqual([p.number, true]);
      oneWide(fireSituation);
      const text = fireSituation.pages.map((p) => p.text).join('\n');
      for (const township of ['景山镇', '龙泉镇']) expect(text).toContain(township);
    });
  });

  describe('the audit trail export (.xlsx)', () => {
    it('prints on A4 landscape, one page wide, its text at least 8 pt after the fit to the page\'s width', () => {
      expect(auditTrail.records.length).toBeGreaterThan(3);
      for (const p of auditTrail.pages) expect([p.number, p.width, p.height]).toEqual([p.number, 842, 595]);
      oneWide(auditTrail);
      const heights = auditTrail.words.map((w) => w.height);
      expect(heights.length).toBeGreaterThan(50);
      expect(Math.min(...heights)).toBeGreaterThanOrEqual(8);
    });

    it('reads as words: the summary as 「键：值」 lines (no JSON), the operation by its Chinese name beside its identifier, the whole MAC', async () => {
      const summaries = auditTrail.records.map((r) => r['摘要']).filter(Boolean);
      expect(summaries.length).toBeGreaterThan(0);
      for (const s of summaries) expect([s, /[{}"]/.test(s)]).toEqual([s, false]);
      expect(summaries.some((s) => /^[^：\n]+：/.test(s))).toBe(true);
      // a mutation of the dataset by its schema description's first clause, its identifier on the next line
      const operations = auditTrail.records.map((r) => r['操作']);
      expect(operations.some((o) => /^[\u4e00-\u9fff].*\n[a-zA-Z]+$/.test(o))).toBe(true);
      const chained = auditTrail.records.filter((x) => x['链序号']);
      expect(chained.length).toBeGreaterThan(0);
      const stored = new Map(((await t.dataSource.query(`SELECT chain_seq::text AS seq, mac FROM audit_entry WHERE chain_seq IS NOT NULL`)) as { seq: string; mac: string }[]).map((e) => [e.seq, e.mac]));
      // whole, as stored (a MAC that starts with 「-」 carries the apostrophe every export puts before formula-like text)
      for (const r of chained) expect([r['链序号'], withoutExportApostrophe(r['链认证码（HMAC）'])]).toEqual([r['链序号'], stored.get(r['链序号'])]);
    });
  });
});
