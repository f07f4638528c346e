import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { Period, periodLabel } from '../../common/period';
import { BadUserInputError } from '../../kernel/errors';
import { toGlobalId } from '../../graphql/global-id';
import type { RequestContext } from '../../kernel/request-context';
import { FireService } from '../../inspections/fire.service';
import type { MonthlySeries } from '../../inspections/fire.service';
import { RegionLevel } from '../../organization/organization.enums';
import { OrganizationService } from '../../organization/organization.service';
import { OfficeFile } from '../office-http';
import { ChartSpec, townshipsOption, TownshipsInput, trendOption, TrendInput } from './chart-options';
import { chartFontFiles, fontsReadable, renderSvg, svgToPng } from './chart-render';

/** The months of the trend chart (图1): the given month and the eleven before it. */
export const TREND_MONTHS = 12;
export type ChartKind = 'fire-trend' | 'townships';
export type ChartFormat = 'svg' | 'png';
export const SVG_TYPE = 'image/svg+xml';
export const PNG_TYPE = 'image/png';

/** The trend's figures from the series (the region's total of each month). */
export function trendInput(series: MonthlySeries, today: string): TrendInput {
  const last = series.months[series.months.length - 1];
  return {
    regionName: series.region.name,
    months: series.months.map((m) => ({ year: m.period.year, month: m.period.number, incidents: m.total.incidents, hazardsFound: m.total.hazardsFound, hazardsRectified: m.total.hazardsRectified })),
    lastDay: last.range.end >= today ? today : null,
  };
}
/** The comparison's figures from the series' last month (each township, and 县直 when it has records). */
export function townshipsInput(series: MonthlySeries, today: string): TownshipsInput {
  const last = series.months[series.months.length - 1];
  return {
    regionName: series.region.name, year: last.period.year, month: last.period.number, lastDay: last.range.end >= today ? today : null,
    townships: last.townships.map((t) => ({ name: t.townshipName, hazardsFound: t.figures.hazardsFound, hazardsRectified: t.figures.hazardsRectified, hazardsOverdue: t.figures.hazardsOverdue })),
  };
}

/**
 * The charts of the fire situation (INS-4): 图1 the 12-month trend of fires and hazards found and rectified, 图2
 * the townships' hazards found, rectified and overdue in a month. The figures are `FireService.monthlySeries`,
 * the computation of `fireSituation`, with its jurisdiction check; drawn as SVG by ECharts on the server and as
 * PNG by resvg with the bundled CJK font (no browser).
 */
@Injectable()
export class ChartService implements OnModuleInit {
  private readonly logger = new Logger('Charts');
  private fonts: string[] | undefined;

  constructor(
    private readonly fires: FireService,
    private readonly organizations: OrganizationService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    try {
      if (!fontsReadable(this.fontFiles())) this.logger.warn('the chart fonts cannot be read: PNG charts will fail');
    } catch (e) {
      this.logger.warn(`the chart fonts are not found (${(e as Error).message}): PNG charts will fail`);
    }
  }

  private fontFiles(): string[] {
    this.fonts ??= chartFontFiles();
    return this.fonts;
  }

  /**
   * A chart as a file, for `GET /office/charts/<kind>.<format>`: the month checked by the caller (as the briefing's),
   * the region defaulting to the actor's own and not a village (as the briefing's).
   */
  async chartFile(ctx: RequestContext, kind: ChartKind, format: ChartFormat, input: { regionId?: string | null; period: Period }): Promise<OfficeFile> {
    const regionId = input.regionId?.trim() || (ctx.actor.regionId ? toGlobalId('Region', ctx.actor.regionId) : null);
    if (!regionId) throw BadUserInputError.field('regionId', '请指定区划');
    const region = await this.organizations.region(ctx, regionId, 'regionId');
    if (region.level === RegionLevel.VILLAGE) throw BadUserInputError.field('regionId', '形势通报的区划须为县、乡镇或其上级区划，不能是村（社区）');
    const series = await this.series(ctx, regionId, input.period, kind === 'fire-trend' ? TREND_MONTHS : 1);
    const spec = kind === 'fire-trend' ? trendOption(trendInput(series, this.clock.today())) : townshipsOption(townshipsInput(series, this.clock.today()));
    const svg = await renderSvg(spec);
    const name = `${region.name}${periodLabel(input.period)}${kind === 'fire-trend' ? '火灾和隐患趋势图' : region.level === RegionLevel.TOWNSHIP ? '隐患情况图' : '各乡镇隐患情况图'}.${format}`;
    return format === 'svg'
      ? { filename: name, mediaType: SVG_TYPE, buffer: Buffer.from(svg, 'utf8') }
      : { filename: name, mediaType: PNG_TYPE, buffer: await svgToPng(svg, this.fontFiles()) };
  }

  /** The briefing's two charts as PNG (图1, 图2), from one series of twelve months; the caller checked month and region. */
  async briefingCharts(ctx: RequestContext, regionId: string, period: Period): Promise<{ trend: Buffer; townships: Buffer }> {
    const series = await this.series(ctx, regionId, period, TREND_MONTHS);
    const today = this.clock.today();
    const [trend, townships] = await Promise.all([this.png(trendOption(trendInput(series, today))), this.png(townshipsOption(townshipsInput(series, today)))]);
    return { trend, townships };
  }

  private series(ctx: RequestContext, regionId: string, period: Period, count: number): Promise<MonthlySeries> {
    return this.fires.monthlySeries(ctx, regionId, period, count);
  }

  private async png(spec: ChartSpec): Promise<Buffer> {
    return svgToPng(await renderSvg(spec), this.fontFiles());
  }
}
