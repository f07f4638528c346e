import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Allow } from '../kernel/access.decorators';
import { AuditService } from '../auth/audit.service';
import { Permission } from '../kernel/permissions';
import { Ctx } from '../graphql/context.decorator';
import type { RequestContext } from '../kernel/request-context';
import { BriefingService } from './briefing.service';
import { OFFICE_PATH, OfficeQuery, OfficeRoutes, sendOfficeFile, singleParam } from './office-http';


/**
 * The monthly fire-situation briefing (消防安全形势通报, INS-4) as a Word document to be sent as it is:
 * `GET /office/briefings/fire-situation.docx?regionId=<region id>&month=YYYY-MM[&documentNumber=景消委办〔2027〕12号]
 * [&issueNumber=2027年第6期][&recipients=…]`. The region defaults to the actor's own; 期号 to 「YYYY年第N期」 (N the
 * month), 主送 to the addressees of the region's level; the hazard lists need INSPECTION_READ as well and are left
 * out, with a line saying so, without it.
 */
@Controller(`${OFFICE_PATH}/briefings`)
@OfficeRoutes()
export class BriefingController {
  constructor(
    private readonly briefings: BriefingService,
    private readonly audit: AuditService,
  ) {}

  @Get('fire-situation.docx')
  @Allow(Permission.FIRE_READ)
  @OfficeQuery('regionId', 'month', 'documentNumber', 'issueNumber', 'recipients')
  async fireSituation(
    @Ctx() ctx: RequestContext, @Query('regionId') regionId: unknown, @Query('month') month: unknown, @Query('documentNumber') documentNumber: unknown,
    @Query('issueNumber') issueNumber: unknown, @Query('recipients') recipients: unknown, @Res() res: Response,
  ): Promise<void> {
    const input = {
      regionId: singleParam('regionId', regionId, '不是有效的行政区划标识') ?? null,
      month: singleParam('month', month, '月份格式应为 YYYY-MM，如 2027-06') ?? '',
      documentNumber: singleParam('documentNumber', documentNumber, '文号应为“机关代字〔年份〕序号号”，如 景消委办〔2027〕12号（最多 40 字）') ?? null,
      issueNumber: singleParam('issueNumber', issueNumber, '期号最多 30 字，不能换行，如 2027年第6期') ?? null,
      recipients: singleParam('recipients', recipients, '主送机关最多 150 字，不能换行') ?? null,
    };
    const file = await this.briefings.fireSituationBriefing(ctx, input);
    await sendOfficeFile(res, ctx, this.audit, file, {
      regionId: input.regionId, month: input.month, ...(input.documentNumber ? { documentNumber: input.documentNumber } : {}), ...(input.issueNumber ? { issueNumber: input.issueNumber } : {}),
    });
  }
}
