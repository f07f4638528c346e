import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Allow } from '../../kernel/access.decorators';
import { AuditService } from '../../auth/audit.service';
import { Permission } from '../../kernel/permissions';
import { Clock } from '../../common/clock';
import { Ctx } from '../../graphql/context.decorator';
import type { RequestContext } from '../../kernel/request-context';
import { briefingMonth } from '../briefing.service';
import { OFFICE_PATH, OfficeQuery, OfficeRoutes, sendOfficeFile, singleParam } from '../office-http';
import { ChartFormat, ChartKind, ChartService } from './chart.service';


/**
 * The fire situation's charts (INS-4) for other county systems, as the briefing draws them:
 * `GET /office/charts/fire-trend.svg|.png?regionId=&month=YYYY-MM` (the 12 months ending with the month) and
 * `GET /office/charts/townships.svg|.png?regionId=&month=` (each township in the month). The region defaults to
 * the actor's own; the month is checked as the briefing's (briefingMonth), the jurisdiction as `fireSituation`'s.
 */
@Controller(`${OFFICE_PATH}/charts`)
@OfficeRoutes()
export class ChartsController {
  constructor(
    private readonly charts: ChartService,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  @Get(['fire-trend.svg', 'fire-trend.png'])
  @Allow(Permission.FIRE_READ)
  @OfficeQuery('regionId', 'month')
  async fireTrend(@Ctx() ctx: RequestContext, @Query('regionId') regionId: unknown, @Query('month') month: unknown, @Res() res: Response): Promise<void> {
    await this.send(ctx, 'fire-trend', regionId, month, res);
  }

  @Get(['townships.svg', 'townships.png'])
  @Allow(Permission.FIRE_READ)
  @OfficeQuery('regionId', 'month')
  async townships(@Ctx() ctx: RequestContext, @Query('regionId') regionId: unknown, @Query('month') month: unknown, @Res() res: Response): Promise<void> {
    await this.send(ctx, 'townships', regionId, month, res);
  }

  private async send(ctx: RequestContext, kind: ChartKind, regionId: unknown, month: unknown, res: Response): Promise<void> {
    const format: ChartFormat = (res.req as { path: string }).path.endsWith('.png') ? 'png' : 'svg';
    const input = {
      regionId: singleParam('regionId', regionId, '不是有效的行政区划标识') ?? null,
      month: singleParam('month', month, '月份格式应为 YYYY-MM，如 2027-06') ?? '',
    };
    const period = briefingMonth(input.month, this.clock.today());
    const file = await this.charts.chartFile(ctx, kind, format, { regionId: input.regionId, period });
    await sendOfficeFile(res, ctx, this.audit, file, { regionId: input.regionId, month: input.month, format });
  }
}
