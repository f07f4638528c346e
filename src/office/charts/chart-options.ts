/**
 * The ECharts options of the office charts (pure: figures in, option out), made for black-and-white print: no
 * meaning by colour alone — each bar series has its own grey and its own fill pattern (decal), the line its own
 * dash and symbol, on a white background with a legend. Sizes are CSS pixels of an A4 page's text width
 * (CHART_WIDTH ≈ 16 cm); the PNG is rendered at PNG_SCALE for print.
 */

/** The chart's width in CSS pixels: 16 cm at 96 dpi is 605; a little more keeps the type at ~10 pt on the page. */
export const CHART_WIDTH = 640;
/** The PNG's pixels per CSS pixel (print sharpness: 1280 px over 16 cm ≈ 200 dpi). */
export const PNG_SCALE = 2;
/** The fonts of the labels: the bundled Noto Sans Hans first (the PNG), then what a viewer of the SVG may have. */
export const CHART_FONT = "'Noto Sans Hans', 'Noto Sans SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";

/** One month of the trend. */
export interface TrendMonth {
  year: number;
  /** 1..12 */
  month: number;
  incidents: number;
  hazardsFound: number;
  hazardsRectified: number;
}
export interface TrendInput {
  regionName: string;
  /** Oldest first. */
  months: TrendMonth[];
  /** The last month runs to this Beijing day (the current month), else null. */
  lastDay: string | null;
}
/** A township's figures in the comparison. */
export interface TownshipBar {
  name: string;
  hazardsFound: number;
  hazardsRectified: number;
  hazardsOverdue: number;
}
export interface TownshipsInput {
  regionName: string;
  year: number;
  month: number;
  townships: TownshipBar[];
  lastDay: string | null;
}
/** An option and the pixel size it is drawn at; the title and the figures in words (the SVG's <title> and <desc>). */
export interface ChartSpec {
  option: Record<string, unknown>;
  title: string;
  description: string;
  width: number;
  height: number;
}

// ---------- the print styles: each series a grey and a pattern ----------

const INK = '#000000';
const TEXT = '#1a1a1a';
const GRID_LINE = '#d9d9d9';
/** 发现隐患: mid grey with white diagonal stripes. */
const FOUND = { color: '#7f7f7f', decal: { symbol: 'rect', color: 'rgba(255,255,255,0.7)', dashArrayX: [1, 0], dashArrayY: [2, 3], rotation: -Math.PI / 4, symbolSize: 1 } };
/** 整改隐患: light grey with black dots. */
const RECTIFIED = { color: '#e6e6e6', decal: { symbol: 'circle', color: 'rgba(0,0,0,0.75)', dashArrayX: [[2, 2]], dashArrayY: [2, 2], symbolSize: 0.8, rotation: 0 } };
/** 逾期未整改: near black, solid (a third fill no stripe or dot pattern could be mistaken for). */
const OVERDUE = { color: '#262626', decal: { symbol: 'none', dashArrayX: [1, 0], dashArrayY: [1, 0] } };
/** 火灾起数: a black dashed line with triangles. */
const FIRES = { color: INK, lineType: 'dashed', symbol: 'triangle' };

const barStyle = (s: { color: string; decal: Record<string, unknown> }) => ({ color: s.color, decal: s.decal, borderColor: INK, borderWidth: 0.6 });
/**
 * A bar series' values, a 0 drawn as nothing: ECharts draws a 0 bar as its border alone, a black stub on the axis
 * that looks like a thin 「逾期未整改」 bar; a 0 item without border leaves the place empty (the label says 0 where shown).
 */
export const barData = (values: number[]) => values.map((v) => (v === 0 ? { value: 0, itemStyle: { borderWidth: 0 } } : v));
/** A label that says nothing for 0 (a row of zeros is noise; the axis shows 0). */
const nonZero = (p: { value: unknown }) => (Number(p.value) === 0 ? '' : String(p.value));
const base = (title: string, subtitle: string) => ({
  animation: false,
  backgroundColor: '#ffffff',
  textStyle: { fontFamily: CHART_FONT, color: TEXT },
  aria: { enabled: true, decal: { show: true } },
  title: {
    text: title, subtext: subtitle, left: 'center', top: 8, itemGap: 6,
    textStyle: { fontFamily: CHART_FONT, fontSize: 16, fontWeight: 'bold', color: INK },
    subtextStyle: { fontFamily: CHART_FONT, fontSize: 11, color: TEXT },
  },
  legend: {
    top: 58, left: 'center', itemWidth: 26, itemHeight: 13, itemGap: 22,
    textStyle: { fontFamily: CHART_FONT, fontSize: 12, color: TEXT },
  },
});
const axisName = { fontFamily: CHART_FONT, fontSize: 11, color: TEXT };
const axisLabel = { fontFamily: CHART_FONT, fontSize: 11, color: TEXT };
const axisLine = { show: true, lineStyle: { color: INK, width: 1 } };
const splitLine = { show: true, lineStyle: { color: GRID_LINE, type: 'dashed', width: 0.8 } };

/** 「2027年6月」 */
export const monthText = (year: number, month: number) => `${year}年${month}月`;
/** The month axis' ticks: 「7月」…, with the year under the first month and under each January. */
export function monthTicks(months: { year: number; month: number }[]): string[] {
  return months.map((m, i) => (i === 0 || m.month === 1 ? `${m.month}月\n${m.year}年` : `${m.month}月`));
}
const dayOf = (date: string) => Number(date.slice(8, 10));

/** The number of intervals of both value axes of the trend: equal, so the two axes share their grid lines. */
export const TREND_INTERVALS = 5;
/**
 * An integer axis from 0 with `intervals` steps of a round size (1, 2, 3, 4, 5, 6, 8 × 10^k) whose top leaves
 * `headroom` above the largest value for its label.
 */
export function roundAxis(largest: number, intervals = TREND_INTERVALS, headroom = 1.12): { max: number; interval: number } {
  const need = Math.max(largest * headroom, 1) / intervals;
  for (let scale = 1; ; scale *= 10) {
    const step = [1, 2, 3, 4, 5, 6, 8].map((x) => x * scale).find((x) => x >= need);
    if (step !== undefined) return { max: step * intervals, interval: step };
  }
}

/**
 * 图1: the months' hazards found and rectified (bars, left axis) and fires (a line, right axis). Integer axes;
 * the fires' axis has its own scale, so a month of 3 fires is not flattened by 300 hazards.
 */
export function trendOption(input: TrendInput): ChartSpec {
  const ms = input.months;
  if (ms.length === 0) throw new Error('trendOption: no months');
  const first = ms[0];
  const last = ms[ms.length - 1];
  const span = `${monthText(first.year, first.month)}至${monthText(last.year, last.month)}`;
  const definitions = '发现隐患为当月发现，整改隐患为其中至当月末已销号的';
  // the span is in the title (a chart taken out of the briefing still says which months); the subtitle keeps the
  // current month's cut-off and the definitions, the <desc> all of it
  const subtitle = `${input.lastDay ? `${last.month}月截至${dayOf(input.lastDay)}日；` : ''}${definitions}`;
  const spanNote = `${span}${input.lastDay ? `（${last.month}月截至${dayOf(input.lastDay)}日）` : ''}；${definitions}`;
  const hazardsAxis = roundAxis(Math.max(...ms.map((m) => Math.max(m.hazardsFound, m.hazardsRectified))));
  const firesAxis = roundAxis(Math.max(...ms.map((m) => m.incidents)));
  const title = `${input.regionName}${span}火灾和隐患趋势`;
  const description = ms.map((m) => `${monthText(m.year, m.month)}：发现隐患 ${m.hazardsFound} 处，整改隐患 ${m.hazardsRectified} 处，火灾 ${m.incidents} 起`).join('；');
  const option = {
    ...base(title, subtitle),
    grid: { left: 56, right: 56, top: 104, bottom: 52, containLabel: false },
    xAxis: {
      type: 'category', data: monthTicks(ms), axisLine, axisTick: { alignWithLabel: true, lineStyle: { color: INK } },
      axisLabel: { ...axisLabel, interval: 0, lineHeight: 14 },
    },
    yAxis: [
      { type: 'value', name: '隐患（处）', nameTextStyle: { ...axisName, align: 'left' }, min: 0, ...hazardsAxis, axisLine, axisTick: { show: true }, axisLabel, splitLine },
      {
        type: 'value', name: '火灾（起）', nameTextStyle: { ...axisName, align: 'right' }, min: 0, ...firesAxis,
        axisLine, axisTick: { show: true }, axisLabel, splitLine: { show: false },
      },
    ],
    series: [
      {
        name: '发现隐患', type: 'bar', yAxisIndex: 0, data: barData(ms.map((m) => m.hazardsFound)), barGap: '8%', barCategoryGap: '30%',
        // found is labelled even at 0 (a month with none found is not a month without data); the others only above 0
        itemStyle: barStyle(FOUND), label: { show: true, position: 'top', fontSize: 9, color: TEXT, fontFamily: CHART_FONT },
        labelLayout: { hideOverlap: true },
      },
      {
        name: '整改隐患', type: 'bar', yAxisIndex: 0, data: barData(ms.map((m) => m.hazardsRectified)),
        itemStyle: barStyle(RECTIFIED), label: { show: true, position: 'top', fontSize: 9, color: TEXT, fontFamily: CHART_FONT, formatter: nonZero },
        labelLayout: { hideOverlap: true },
      },
      {
        name: '火灾起数', type: 'line', yAxisIndex: 1, data: ms.map((m) => m.incidents), z: 5,
        lineStyle: { color: FIRES.color, type: FIRES.lineType, width: 2 }, itemStyle: { color: '#ffffff', borderColor: FIRES.color, borderWidth: 1.5 },
        symbol: FIRES.symbol, symbolSize: 9, showAllSymbol: true,
        label: { show: true, position: 'top', distance: 6, fontSize: 10, fontWeight: 'bold', color: INK, fontFamily: CHART_FONT, backgroundColor: '#ffffff', padding: [0, 2], formatter: nonZero },
      },
    ],
  };
  return { option, title, description: `${spanNote}。${description}。`, width: CHART_WIDTH, height: 380 };
}

/** The comparison's row height per township (three bars and a gap) and the space above and below the bars. */
export const TOWNSHIP_ROW = 34;
const TOWNSHIPS_TOP = 96;
const TOWNSHIPS_BOTTOM = 40;
/** The subtitle's second line (the cap's note), in CSS pixels: the legend and the bars move down by it. */
const CAP_NOTE_LINE = 16;

/**
 * The townships ordered for the comparison: most hazards found first; townships with as many found keep the order
 * given (the region order of the briefing's 表2: sort_order, name, 县直 last), so the chart and the table agree.
 * Array.prototype.sort is stable (ES2019).
 */
export function sortTownships(rows: TownshipBar[]): TownshipBar[] {
  return [...rows].sort((a, b) => b.hazardsFound - a.hazardsFound);
}

/**
 * The most bars the comparison draws: a city's or a province's region may hold a thousand townships, which at
 * TOWNSHIP_ROW each would make a PNG ~68,000 px high (~350 MB of RGBA while drawn) that no page could print.
 */
export const MAX_TOWNSHIP_BARS = 30;

/** The townships beyond MAX_TOWNSHIP_BARS: how many, and their sums (said in words, not drawn). */
export interface TownshipRest { count: number; hazardsFound: number; hazardsRectified: number; hazardsOverdue: number }

/**
 * The bars of the comparison, sorted (sortTownships): the first MAX_TOWNSHIP_BARS, and the rest summed in `rest`
 * (null when all fit). The rest is not drawn as a bar: its sum would dwarf every township's bar on one axis.
 */
export function townshipBars(townships: TownshipBar[]): { rows: TownshipBar[]; rest: TownshipRest | null } {
  const sorted = sortTownships(townships);
  if (sorted.length <= MAX_TOWNSHIP_BARS) return { rows: sorted, rest: null };
  const others = sorted.slice(MAX_TOWNSHIP_BARS);
  const sum = (key: 'hazardsFound' | 'hazardsRectified' | 'hazardsOverdue') => others.reduce((n, r) => n + r[key], 0);
  return {
    rows: sorted.slice(0, MAX_TOWNSHIP_BARS),
    rest: { count: others.length, hazardsFound: sum('hazardsFound'), hazardsRectified: sum('hazardsRectified'), hazardsOverdue: sum('hazardsOverdue') },
  };
}

/**
 * 图2: each township's hazards found, rectified and overdue in the month, as grouped horizontal bars, the most
 * found at the top; the chart grows by TOWNSHIP_ROW per bar so 20 and more stay readable, up to MAX_TOWNSHIP_BARS
 * bars (the townships beyond are summed in the subtitle's second line).
 */
export function townshipsOption(input: TownshipsInput): ChartSpec {
  const { rows, rest } = townshipBars(input.townships);
  const subtitle = `${monthText(input.year, input.month)}${input.lastDay ? `1日至${dayOf(input.lastDay)}日` : ''}；整改为本月发现的隐患中已销号的，逾期为整改期限在本月、已过期且未按期整改的`;
  // the cap's note is a second line of the subtitle (one line would run past the width), the legend and bars below it
  const capped = rest
    ? `列出发现隐患最多的 ${rows.length} 个乡镇；其余 ${rest.count} 个乡镇合计发现隐患 ${rest.hazardsFound} 处，整改 ${rest.hazardsRectified} 处，逾期未整改 ${rest.hazardsOverdue} 处`
    : '';
  const shift = rest ? CAP_NOTE_LINE : 0;
  const top = TOWNSHIPS_TOP + shift;
  const height = top + Math.max(rows.length, 2) * TOWNSHIP_ROW + TOWNSHIPS_BOTTOM;
  const longest = Math.max(2, ...rows.map((r) => r.name.length));
  const label = { show: true, position: 'right', distance: 3, fontSize: 9, color: TEXT, fontFamily: CHART_FONT, formatter: nonZero };
  const axis = roundAxis(Math.max(0, ...rows.map((r) => Math.max(r.hazardsFound, r.hazardsRectified, r.hazardsOverdue))));
  // a township's own chart is not a comparison of townships
  const own = rows.length === 1 && rows[0].name === input.regionName;
  const title = `${input.regionName}${monthText(input.year, input.month)}${own ? '' : '各乡镇'}隐患发现、整改和逾期情况`;
  const description = rows.map((r) => `${r.name}：发现隐患 ${r.hazardsFound} 处，整改隐患 ${r.hazardsRectified} 处，逾期未整改 ${r.hazardsOverdue} 处`).join('；');
  const head = base(title, capped ? `${subtitle}\n${capped}` : subtitle);
  const option = {
    ...head,
    legend: { ...head.legend, top: head.legend.top + shift },
    grid: { left: 18 + Math.min(longest, 9) * 13, right: 40, top, bottom: TOWNSHIPS_BOTTOM, containLabel: false },
    xAxis: { type: 'value', name: '隐患（处）', nameLocation: 'middle', nameGap: 22, nameTextStyle: axisName, min: 0, ...axis, axisLine, axisTick: { show: true }, axisLabel, splitLine },
    yAxis: {
      type: 'category', inverse: true, data: rows.map((r) => r.name), axisLine, axisTick: { show: true, lineStyle: { color: INK } },
      axisLabel: { ...axisLabel, fontSize: 12, interval: 0, width: Math.min(longest, 9) * 13, overflow: 'break' },
    },
    series: [
      // found is labelled even at 0: a township with none found is not a township left out
      { name: '发现隐患', type: 'bar', data: barData(rows.map((r) => r.hazardsFound)), barGap: '10%', barCategoryGap: '22%', itemStyle: barStyle(FOUND), label: { ...label, formatter: undefined } },
      { name: '整改隐患', type: 'bar', data: barData(rows.map((r) => r.hazardsRectified)), itemStyle: barStyle(RECTIFIED), label },
      { name: '逾期未整改', type: 'bar', data: barData(rows.map((r) => r.hazardsOverdue)), itemStyle: barStyle(OVERDUE), label },
    ],
  };
  return { option, title, description: `${subtitle}${capped ? `；${capped}` : ''}。${description || '无乡镇'}。`, width: CHART_WIDTH, height };
}
