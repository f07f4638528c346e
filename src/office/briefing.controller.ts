import { Controller, Get, Query, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { Allow } from '../auth/access.decorators';
import { AuditService } from '../auth/audit.service';
import { Permission } from '../auth/permissions';
import { Ctx } from '../graphql/context.decorator';
import { BadUserInputError } from '../graphql/errors';
import type { RequestContext } from '../graphql/request-context';
import { BriefingService } from './briefing.service';
import { OFFICE_PATH, OfficeErrorFilter, sendOfficeFile } from './office-http';

/** A query parameter given once as text, or absent; anything else (repeated, nested) is BAD_USER_INPUT. */
function single(name: string, value: unknown, reason: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > 200) throw BadUserInputError.field(name, reason);
  return value;
}

/**
 * The monthly fire-situation briefing (消防安全形势通报, INS-4; issue 10) as a Word document:
 * `GET /office/briefings/fire-situation.docx?regionId=<region id>&month=YYYY-MM`. The region defaults to the
 * actor's own; the hazard lists need INSPECTION_READ as well and are left out, with a line saying so, without it.
 */
@Controller(`${OFFICE_PATH}/briefings`)
@UseFilters(OfficeErrorFilter)
export class BriefingController {
  constructor(
    private readonly briefings: BriefingService,
    private readonly audit: AuditService,
  ) {}

  @Get('fire-situation.docx')
  @Allow(Permission.FIRE_READ)
  async fireSituation(@Ctx() ctx: RequestContext, @Query('regionId') regionId: unknown, @Query('month') month: unknown, @Res() res: Response): Promise<void> {
    const input = {
      regionId: single('regionId', regionId, '不是有效的行政区划标识') ?? null,
      month: single('month', month, '月份格式应为 YYYY-MM，如 2027-06') ?? '',
    };
    const file = await this.briefings.fireSituationBriefing(ctx, input);
    await sendOfficeFile(res, ctx, this.audit, file, { regionId: input.regionId, month: input.month });
  }
}
