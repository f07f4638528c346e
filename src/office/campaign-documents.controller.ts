import { Controller, Get, Query, Res } from '@nestjs/common';
import { IsString, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { Allow } from '../kernel/access.decorators';
import { AuditService } from '../auth/audit.service';
import { Permission } from '../kernel/permissions';
import { Ctx } from '../graphql/context.decorator';
import type { RequestContext } from '../kernel/request-context';
import { CampaignDocumentsService } from './campaign-documents.service';
import { OFFICE_PATH, OfficeQuery, OfficeRoutes, sendOfficeFile } from './office-http';

export class CampaignQuery {
  @IsString() @MaxLength(200) campaignId: string;
}

/**
 * COM-3: a campaign's documents, as `campaignProgress` answers the same actor (out of reach: NOT_FOUND):
 * `GET /office/exports/campaign-progress.xlsx?campaignId=` and `GET /office/briefings/campaign-summary.docx?campaignId=`.
 */
@Controller(OFFICE_PATH)
@OfficeRoutes()
export class CampaignDocumentsController {
  constructor(
    private readonly documents: CampaignDocumentsService,
    private readonly audit: AuditService,
  ) {}

  @Get('exports/campaign-progress.xlsx')
  @Allow(Permission.COMMITTEE_READ, { outside: 'NOT_FOUND' })
  @OfficeQuery('campaignId')
  async progress(@Ctx() ctx: RequestContext, @Query() q: CampaignQuery, @Res() res: Response): Promise<void> {
    await sendOfficeFile(res, ctx, this.audit, await this.documents.progressWorkbook(ctx, q.campaignId), { ...q });
  }

  @Get('briefings/campaign-summary.docx')
  @Allow(Permission.COMMITTEE_READ, { outside: 'NOT_FOUND' })
  @OfficeQuery('campaignId')
  async summary(@Ctx() ctx: RequestContext, @Query() q: CampaignQuery, @Res() res: Response): Promise<void> {
    await sendOfficeFile(res, ctx, this.audit, await this.documents.summary(ctx, q.campaignId), { ...q });
  }
}
