import PizZip from 'pizzip';
import { CHART_WIDTH, MAX_TOWNSHIP_BARS, monthTicks, roundAxis, sortTownships, TOWNSHIP_ROW, townshipBars, townshipsOption, trendOption } from './chart-options';
import type { TownshipBar, TrendMonth } from './chart-options';
import { chartFontFiles, pngRenders, pngSize, renderSvg, Semaphore, svgToPng } from './chart-render';
import { MAX_CHART_HEIGHT_EMU, sizeDrawing } from './docx-charts';

const months: TrendMonth[] = Array.from({ length: 12 }, (_, i) => ({
  year: i < 6 ? 2026 : 2027, month: ((i + 6) % 12) + 1, incidents: i % 4, hazardsFound: 10 + i * 3, hazardsRectified: 5 + i * 2,
}));
type BarItem = number | { value: number; itemStyle?: { borderWidth?: number } };
/** The series, each item's value read (a 0 bar is an item without border: barData). */
const series = (option: Record<string, unknown>) => (option.series as { data: BarItem[] }[]).map((s) => ({ ...s, items: s.data, data: s.data.map((d) => (typeof d === 'number' ? d : d.value)) })) as unknown as { name: string; type: string; data: number[]; items: BarItem[]; itemStyle?: { decal?: Record<string, unknown>; color?: string }; lineStyle?: { type?: string }; symbol?: string }[];

describe('the trend chart (图1)', () => {
  const { option, width, height } = trendOption({ regionName: '靖宇县', months, lastDay: null });

  it('draws the months given: found and rectified as bars, fires as a line on a second axis', () => {
    const [found, rectified, fires] = series(option);
    expect([found.name, rectified.name, fires.name]).toEqual(['发现隐患', '整改隐患', '火灾起数']);
    expect(found.data).toEqual(months.map((m) => m.hazardsFound));
    expect(rectified.data).toEqual(months.map((m) => m.hazardsRectified));
    expect(fires.data).toEqual(months.map((m) => m.incidents));
    expect([found.type, rectified.type, fires.type]).toEqual(['bar', 'bar', 'line']);
    expect((fires as unknown as { yAxisIndex: number }).yAxisIndex).toBe(1);
    expect(width).toBe(CHART_WIDTH);
    expect(height).toBeGreaterThan(300);
  });

  it('labels in Chinese: title, axes, the months with the year where it changes', () => {
    expect((option.title as { text: string }).text).toBe('靖宇县2026年7月至2027年6月火灾和隐患趋势');
    expect((option.title as { subtext: string }).subtext).toBe('发现隐患为当月发现，整改隐患为其中至当月末已销号的');
    expect((option.yAxis as { name: string }[]).map((a) => a.name)).toEqual(['隐患（处）', '火灾（起）']);
    expect((option.xAxis as { data: string[] }).data).toEqual(['7月\n2026年', '8月', '9月', '10月', '11月', '12月', '1月\n2027年', '2月', '3月', '4月', '5月', '6月']);
    expect(monthTicks([{ year: 2027, month: 1 }, { year: 2027, month: 2 }])).toEqual(['1月\n2027年', '2月']);
  });

  it('says when the last month runs only to today', () => {
    const current = trendOption({ regionName: '靖宇县', months, lastDay: '2027-06-07' });
    expect((current.option.title as { subtext: string }).subtext).toMatch(/^6月截至7日；/);
    expect(current.description).toMatch(/^2026年7月至2027年6月（6月截至7日）；发现隐患为当月发现/);
  });

  it('prints in black and white: a grey and a pattern per bar series, a dashed line with symbols, white, a legend', () => {
    const [found, rectified, fires] = series(option);
    expect(found.itemStyle!.decal).toBeDefined();
    expect(rectified.itemStyle!.decal).toBeDefined();
    expect(found.itemStyle!.decal!.symbol).not.toBe(rectified.itemStyle!.decal!.symbol);
    for (const c of [found.itemStyle!.color!, rectified.itemStyle!.color!]) expect(c).toMatch(/^#([0-9a-f]{2})\1\1$/);
    expect(found.itemStyle!.color).not.toBe(rectified.itemStyle!.color);
    expect(fires.lineStyle!.type).toBe('dashed');
    expect(fires.symbol).toBe('triangle');
    expect(option.backgroundColor).toBe('#ffffff');
    expect(option.legend).toBeDefined();
    expect((option.aria as { decal: { show: boolean } }).decal.show).toBe(true);
  });

  it('shares the grid lines of both axes (the same number of round intervals above every value)', () => {
    const [left, right] = option.yAxis as { max: number; interval: number }[];
    expect(left.max / left.interval).toBe(right.max / right.interval);
    expect(left.max).toBeGreaterThanOrEqual(Math.max(...months.map((m) => m.hazardsFound)));
    expect(roundAxis(0)).toEqual({ max: 5, interval: 1 });
    expect(roundAxis(156)).toEqual({ max: 200, interval: 40 });
    expect(roundAxis(3)).toEqual({ max: 5, interval: 1 });
  });

  it('renders an SVG with the Chinese title and the patterns, and a PNG at twice the size', async () => {
    const spec = trendOption({ regionName: '靖宇县', months, lastDay: null });
    const svg = await renderSvg(spec);
    expect(svg).toContain('<title>靖宇县2026年7月至2027年6月火灾和隐患趋势</title>');
    expect(svg).toContain('2026年7月：发现隐患 10 处，整改隐患 5 处，火灾 0 起；2026年8月：发现隐患 13 处，整改隐患 7 处，火灾 1 起；');
    expect(svg).toContain('<pattern');
    expect(svg).toContain('stroke-dasharray');
    const png = await svgToPng(svg, chartFontFiles());
    expect(pngSize(png)).toEqual({ width: spec.width * 2, height: spec.height * 2 });
  });
});

describe('the townships chart (图2)', () => {
  const rows: TownshipBar[] = [
    { name: '龙泉镇', hazardsFound: 3, hazardsRectified: 1, hazardsOverdue: 2 },
    { name: '景山镇', hazardsFound: 7, hazardsRectified: 4, hazardsOverdue: 0 },
    { name: '县直', hazardsFound: 3, hazardsRectified: 3, hazardsOverdue: 5 },
  ];

  it('draws every township, most found first, with its found, rectified and overdue', () => {
    const { option } = townshipsOption({ regionName: '靖宇县', year: 2027, month: 6, townships: rows, lastDay: null });
    // 龙泉镇 and 县直 found as many: they keep the order given (the region order of 表2), not most overdue first
    expect((option.yAxis as { data: string[] }).data).toEqual(['景山镇', '龙泉镇', '县直']);
    const [found, rectified, overdue] = series(option);
    expect([found.name, rectified.name, overdue.name]).toEqual(['发现隐患', '整改隐患', '逾期未整改']);
    expect(found.data).toEqual([7, 3, 3]);
    expect(rectified.data).toEqual([4, 1, 3]);
    expect(overdue.data).toEqual([0, 2, 5]);
    expect((option.title as { text: string }).text).toBe('靖宇县2027年6月各乡镇隐患发现、整改和逾期情况');
    expect(new Set([found, rectified, overdue].map((s) => s.itemStyle!.color)).size).toBe(3);
    expect(new Set([found, rectified, overdue].map((s) => JSON.stringify(s.itemStyle!.decal))).size).toBe(3);
    expect(sortTownships(rows).map((r) => r.name)).toEqual(['景山镇', '龙泉镇', '县直']);
  });

  it('orders townships by found only, ties in the order given (表2), whatever their names or other figures', () => {
    const tied: TownshipBar[] = [
      { name: '张家镇', hazardsFound: 2, hazardsRectified: 0, hazardsOverdue: 0 },
      { name: '阿镇', hazardsFound: 5, hazardsRectified: 0, hazardsOverdue: 0 },
      { name: '白镇', hazardsFound: 2, hazardsRectified: 2, hazardsOverdue: 9 },
      { name: '安镇', hazardsFound: 2, hazardsRectified: 1, hazardsOverdue: 1 },
      { name: '县直', hazardsFound: 0, hazardsRectified: 0, hazardsOverdue: 3 },
    ];
    expect(sortTownships(tied).map((r) => r.name)).toEqual(['阿镇', '张家镇', '白镇', '安镇', '县直']);
    expect(sortTownships([...tied].reverse()).map((r) => r.name)).toEqual(['阿镇', '安镇', '白镇', '张家镇', '县直']);
    const { option } = townshipsOption({ regionName: '靖宇县', year: 2027, month: 6, townships: tied, lastDay: null });
    expect((option.yAxis as { data: string[] }).data).toEqual(['阿镇', '张家镇', '白镇', '安镇', '县直']);
  });

  it('draws a 0 as nothing: no border, so no black stub on the axis that reads as an overdue bar', () => {
    const { option } = townshipsOption({ regionName: '靖宇县', year: 2027, month: 6, townships: rows, lastDay: null });
    const [found, rectified, overdue] = series(option);
    // 景山镇 has no overdue: its item has no border; the others keep the series' border
    expect(overdue.items[0]).toEqual({ value: 0, itemStyle: { borderWidth: 0 } });
    expect(overdue.items.slice(1)).toEqual([2, 5]);
    expect(found.items).toEqual([7, 3, 3]);
    expect((overdue.itemStyle as { borderWidth?: number }).borderWidth).toBeGreaterThan(0);
    const none = series(townshipsOption({ regionName: '靖宇县', year: 2027, month: 6, townships: [{ name: '县直', hazardsFound: 0, hazardsRectified: 0, hazardsOverdue: 0 }], lastDay: null }).option);
    for (const s of none) expect(s.items).toEqual([{ value: 0, itemStyle: { borderWidth: 0 } }]);
    expect(rectified.items.every((d) => typeof d === 'number' || d.value === 0)).toBe(true);
    const trend = series(trendOption({ regionName: '靖宇县', months: months.map((m, i) => (i === 0 ? { ...m, hazardsFound: 0, hazardsRectified: 0 } : m)), lastDay: null }).option);
    expect(trend[0].items[0]).toEqual({ value: 0, itemStyle: { borderWidth: 0 } });
    expect(trend[1].items[0]).toEqual({ value: 0, itemStyle: { borderWidth: 0 } });
    expect(trend[0].items[1]).toBe(months[1].hazardsFound);
  });

  it('grows with the number of townships, so 24 stay readable', async () => {
    const many = Array.from({ length: 24 }, (_, i) => ({ name: `乡镇${i}`, hazardsFound: i, hazardsRectified: 0, hazardsOverdue: 0 }));
    const small = townshipsOption({ regionName: '县', year: 2027, month: 6, townships: many.slice(0, 10), lastDay: null });
    const large = townshipsOption({ regionName: '县', year: 2027, month: 6, townships: many, lastDay: null });
    expect(large.height - small.height).toBe(14 * TOWNSHIP_ROW);
    expect(TOWNSHIP_ROW).toBeGreaterThanOrEqual(30);
    expect(await renderSvg(large)).toContain('乡镇23');
  });

  it('draws at most 30 bars, the 30 with most found; the rest summed in words, not as a bar that would dwarf them', async () => {
    const many: TownshipBar[] = Array.from({ length: 200 }, (_, i) => ({ name: `乡镇${i}`, hazardsFound: (i * 37) % 101, hazardsRectified: i % 7, hazardsOverdue: i % 5 }));
    const spec = townshipsOption({ regionName: '某市', year: 2027, month: 6, townships: many, lastDay: null });
    const names = (spec.option.yAxis as { data: string[] }).data;
    const [found] = series(spec.option);
    expect(names).toHaveLength(MAX_TOWNSHIP_BARS);
    const sorted = sortTownships(many);
    expect(names).toEqual(sorted.slice(0, 30).map((r) => r.name));
    expect(found.data).toEqual(sorted.slice(0, 30).map((r) => r.hazardsFound));
    const rest = sorted.slice(30);
    const sum = (k: keyof Omit<TownshipBar, 'name'>) => rest.reduce((n, r) => n + r[k], 0);
    const note = `列出发现隐患最多的 30 个乡镇；其余 170 个乡镇合计发现隐患 ${sum('hazardsFound')} 处，整改 ${sum('hazardsRectified')} 处，逾期未整改 ${sum('hazardsOverdue')} 处`;
    // the same height as 30 townships and the subtitle's second line: bounded, however many townships
    const thirty = townshipsOption({ regionName: '某市', year: 2027, month: 6, townships: many.slice(0, 30), lastDay: null });
    expect(spec.height).toBe(thirty.height + 16);
    expect(spec.height).toBeLessThan(1200);
    expect((spec.option.title as { subtext: string }).subtext).toContain(`\n${note}`);
    expect((thirty.option.title as { subtext: string }).subtext).not.toContain('其余');
    // the <desc> lists what is drawn and the sum of the rest; no township beyond the 30 by name
    const svg = await renderSvg(spec);
    const desc = svg.slice(svg.indexOf('<desc>'), svg.indexOf('</desc>'));
    expect(desc).toContain(note);
    for (const r of sorted.slice(0, 30)) expect(desc).toContain(`${r.name}：发现隐患 ${r.hazardsFound} 处，整改隐患 ${r.hazardsRectified} 处，逾期未整改 ${r.hazardsOverdue} 处`);
    expect(desc).not.toContain(`${rest[0].name}：`);
  });

  it('draws up to 30 townships each on its own bar; 31 draw 30 and sum the last', () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `乡镇${i}`, hazardsFound: 100 - i, hazardsRectified: 1, hazardsOverdue: i === n - 1 ? 4 : 0 }));
    expect(townshipBars(rows(30))).toEqual({ rows: rows(30), rest: null });
    expect(townshipBars(rows(31))).toEqual({ rows: rows(31).slice(0, 30), rest: { count: 1, hazardsFound: 70, hazardsRectified: 1, hazardsOverdue: 4 } });
  });
});

describe('the PNG renders (one at a time, to leave the thread pool to argon2)', () => {
  it('a Semaphore(1) runs concurrent tasks one after another, in call order, and resolves each', async () => {
    const gate = new Semaphore(1);
    let inFlight = 0;
    let most = 0;
    const started: number[] = [];
    const task = (i: number) => async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      started.push(i);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      if (i === 2) throw new Error('task 2 failed');
      return i * 10;
    };
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map((i) => gate.run(task(i))));
    expect(most).toBe(1);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    // a task that fails frees its slot: the ones after it still run
    expect(results).toEqual([
      { status: 'fulfilled', value: 0 }, { status: 'fulfilled', value: 10 }, { status: 'rejected', reason: new Error('task 2 failed') },
      { status: 'fulfilled', value: 30 }, { status: 'fulfilled', value: 40 },
    ]);
    expect([gate.running, gate.waiting]).toEqual([0, 0]);
    // a wider gate lets that many through
    const two = new Semaphore(2);
    inFlight = 0;
    most = 0;
    await Promise.all([5, 6, 7, 8].map((i) => two.run(task(i))));
    expect(most).toBe(2);
  });

  it('svgToPng renders one PNG at a time: concurrent calls wait in turn and all resolve', async () => {
    const fonts = chartFontFiles();
    const specs = [
      trendOption({ regionName: '靖宇县', months, lastDay: null }),
      townshipsOption({ regionName: '靖宇县', year: 2027, month: 6, townships: [{ name: '景山镇', hazardsFound: 7, hazardsRectified: 4, hazardsOverdue: 0 }], lastDay: null }),
      trendOption({ regionName: '白山市', months, lastDay: '2027-06-07' }),
    ];
    expect([pngRenders.limit, pngRenders.running, pngRenders.waiting]).toEqual([1, 0, 0]);
    let most = 0;
    const watch = setInterval(() => (most = Math.max(most, pngRenders.running)), 1);
    try {
      const svgs = await Promise.all(specs.map(renderSvg));
      const pngs = svgs.map((svg) => svgToPng(svg, fonts));
      expect([pngRenders.running, pngRenders.waiting]).toEqual([1, 2]);
      const done = await Promise.all(pngs);
      expect(done.map(pngSize)).toEqual(specs.map((s) => ({ width: s.width * 2, height: s.height * 2 })));
    } finally {
      clearInterval(watch);
    }
    expect(most).toBe(1);
    expect([pngRenders.running, pngRenders.waiting]).toEqual([0, 0]);
  });
});

describe('a chart in the briefing', () => {
  const drawing = (rId: string) => `<w:drawing><wp:inline><wp:extent cx="6000" cy="100"/><pic:blipFill><a:blip r:embed="${rId}"/></pic:blipFill><a:xfrm><a:ext cx="6000" cy="100"/></a:xfrm></wp:inline></w:drawing>`;
  it('is drawn at the width of the template and the height of its picture, within the page', () => {
    const xml = `<w:body>${drawing('rIdA')}<w:p/>${drawing('rIdB')}</w:body>`;
    const sized = sizeDrawing(xml, 'rIdB', { width: 1280, height: 960 });
    expect(sized).toContain(drawing('rIdA'));
    expect(sized).toContain('<wp:extent cx="6000" cy="4500"/>');
    expect(sized).toContain('<a:ext cx="6000" cy="4500"/>');
    const tall = sizeDrawing(`<w:drawing><wp:extent cx="6000000" cy="1"/><a:blip r:embed="r"/><a:ext cx="6000000" cy="1"/></w:drawing>`, 'r', { width: 1000, height: 2000 });
    expect(tall).toContain(`<wp:extent cx="${MAX_CHART_HEIGHT_EMU / 2}" cy="${MAX_CHART_HEIGHT_EMU}"/>`);
  });

  it('the template holds both placeholders, referenced from the document', async () => {
    const { readFileSync } = await import('node:fs');
    const { appRoot } = await import('../../common/app-root');
    const zip = new PizZip(readFileSync(`${appRoot()}/src/office/templates/fire-situation-briefing.docx`));
    const rels = zip.file('word/_rels/document.xml.rels')!.asText();
    const doc = zip.file('word/document.xml')!.asText();
    for (const [rId, target] of [['rIdChartTrend', 'media/chart-trend.png'], ['rIdChartTownships', 'media/chart-townships.png']]) {
      expect(rels).toContain(`Id="${rId}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="${target}"`);
      expect(doc).toContain(`r:embed="${rId}"`);
      expect(pngSize(Buffer.from(zip.file(`word/${target}`)!.asUint8Array())).width).toBe(64);
    }
    expect(zip.file('[Content_Types].xml')!.asText()).toContain('<Default Extension="png" ContentType="image/png"/>');
    expect(doc.indexOf('图1　近12个月火灾和隐患趋势')).toBeGreaterThan(doc.indexOf('各乡镇消防安全情况'));
  });
});
