import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { Response } from 'express';
import { Allow, SignedIn } from '../kernel/access.decorators';
import { AuditService } from '../auth/audit.service';
import { Permission } from '../kernel/permissions';
import { parsePeriod, PERIOD_TEXT } from '../common/period';
import { Ctx } from '../graphql/context.decorator';
import { BadUserInputError, NotFoundError } from '../kernel/errors';
import { IsCalendarDate } from '../graphql/input-fields';
import type { RequestContext } from '../kernel/request-context';
import { HazardStatus } from '../inspections/inspections.enums';
import { ExportService } from './export.service';
import { IMPORT_KINDS, ImportKind } from './import-kinds';
import { ImportService } from './import.service';
import { OFFICE_PATH, OfficeQuery, OfficeRoutes, QueryInstant, sendOfficeFile, XLSX_TYPE } from './office-http';

/** `true` / `false` in a query string as booleans (anything else stays and fails the check). */
const QueryBoolean = () => Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));
const QueryInt = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value));

export class RegionQuery {
  @IsOptional() @IsString() @MaxLength(200) regionId?: string;
}

export class HazardExportQuery extends RegionQuery {
  @IsOptional() @IsEnum(HazardStatus) status?: HazardStatus;
  @IsOptional() @QueryBoolean() @IsBoolean() overdue?: boolean;
  @IsOptional() @QueryBoolean() @IsBoolean() major?: boolean;
  @IsOptional() @IsString() @MaxLength(200) premisesId?: string;
  @IsOptional() @IsCalendarDate() foundFrom?: string;
  @IsOptional() @IsCalendarDate() foundTo?: string;
}

export class FireSituationQuery {
  @IsString() @MaxLength(200) regionId: string;
  @IsString() @Matches(PERIOD_TEXT, { message: '须为 YYYY-MM（月）、YYYY-Qn（季度）或 YYYY（年）' }) period: string;
}

export class EvaluationsQuery extends RegionQuery {
  @QueryInt() @IsInt() @Min(2000) @Max(2100) year: number;
}

export class TaskLedgerQuery extends RegionQuery {
  @IsOptional() @IsString() @MaxLength(200) committeeId?: string;
  @IsOptional() @QueryInt() @IsInt() @Min(2000) @Max(2100) year?: number;
}

/** A period of the audit trail: two instants with their offset (as the API's DateTime; a 「+」 typed unencoded is taken). */
export class AuditPeriodQuery {
  @QueryInstant('2026-12-01T00:00:00+08:00') from: string;
  @QueryInstant('2026-12-08T00:00:00+08:00') to: string;
}

const TEMPLATE_FILES: Record<string, ImportKind> = { villages: ImportKind.VILLAGES, premises: ImportKind.PREMISES, candidates: ImportKind.CANDIDATES };

/**
 * Office files over HTTP (docs/office.md): import templates and .xlsx exports. Each export declares the permission of
 * the query it mirrors and is audited (who took which data out, and with which filters).
 */
@Controller(OFFICE_PATH)
@OfficeRoutes()
export class OfficeController {
  constructor(
    private readonly imports: ImportService,
    private readonly exports: ExportService,
    private readonly audit: AuditService,
  ) {}

  @Get('templates/:file')
  @SignedIn()
  @OfficeQuery()
  async template(@Ctx() ctx: RequestContext, @Param('file') name: string, @Res() res: Response): Promise<void> {
    const kind = TEMPLATE_FILES[name.replace(/\.xlsx$/, '')];
    if (!kind || !name.endsWith('.xlsx')) throw new NotFoundError('导入模板');
    const buffer = await this.imports.template(kind);
    await sendOfficeFile(res, ctx, this.audit, { filename: `${IMPORT_KINDS[kind].title}导入模板.xlsx`, mediaType: XLSX_TYPE, buffer }, { kind });
  }

  @Get('exports/staffing.xlsx')
  @Allow(Permission.STAFFING_READ)
  @OfficeQuery('regionId')
  async staffing(@Ctx() ctx: RequestContext, @Query() q: RegionQuery, @Res() res: Response): Promise<void> {
    await sendOfficeFile(res, ctx, this.audit, await this.exports.staffing(ctx, q.regionId), { ...q });
  }

  @Get('exports/hazards.xlsx')
  @Allow(Permission.INSPECTION_READ)
  @OfficeQuery('regionId', 'status', 'overdue', 'major', 'premisesId', 'foundFrom', 'foundTo')
  async hazards(@Ctx() ctx: RequestContext, @Query() q: HazardExportQuery, @Res() res: Response): Promise<void> {
    if (q.foundFrom && q.foundTo && q.foundFrom > q.foundTo) throw BadUserInputError.field('foundTo', '不能早于发现日期起');
    await sendOfficeFile(res, ctx, this.audit, await this.exports.hazardList(ctx, { ...q }), { ...q });
  }

  @Get('exports/fire-situation.xlsx')
  @Allow(Permission.FIRE_READ)
  @OfficeQuery('regionId', 'period')
  async fireSituation(@Ctx() ctx: RequestContext, @Query() q: FireSituationQuery, @Res() res: Response): Promise<void> {
    await sendOfficeFile(res, ctx, this.audit, await this.exports.fireSituation(ctx, q.regionId, parsePeriod(q.period)), { ...q });
  }

  @Get('exports/village-coverage.xlsx')
  @Allow(Permission.TRAINING_READ)
  @OfficeQuery('regionId')
  async villageCoverage(@Ctx() ctx: RequestContext, @Query() q: RegionQuery, @Res() res: Response): Promise<void> {
    await sendOfficeFile(res, ctx, this.audit, await this.exports.villageCoverage(ctx, q.regionId), { ...q });
  }

  @Get('exports/tasks.xlsx')
  @Allow(Permission.COMMITTEE_READ)
  @OfficeQuery('regionId', 'committeeId', 'year')
  async tasks(@Ctx() ctx: RequestContext, @Query() q: TaskLedgerQuery, @Res() res: Response): Promise<void> {
    await sendOfficeFile(res, ctx, this.audit, await this.exports.taskLedger(ctx, { ...q }), { ...q });
  }

  /** The audit trail of a period (GB/T 22239-2019 8.1.4.3 c): `verifyAuditChain`'s check in the caption (T-AUD-1). */
  @Get('exports/audit-trail.xlsx')
  @Allow(Permission.AUDIT_LOG_READ)
  @OfficeQuery('from', 'to')
  async auditTrail(@Ctx() ctx: RequestContext, @Query() q: AuditPeriodQuery, @Res() res: Response): Promise<void> {
    const from = new Date(q.from);
    const to = new Date(q.to);
    if (Number.isNaN(from.getTime())) throw BadUserInputError.field('from', '不是有效的时间');
    if (Number.isNaN(to.getTime())) throw BadUserInputError.field('to', '不是有效的时间');
    await sendOfficeFile(res, ctx, this.audit, await this.exports.auditTrail(ctx, from, to), { ...q });
  }

  @Get('exports/evaluations.xlsx')
  @Allow(Permission.EVALUATION_READ)
  @OfficeQuery('regionId', 'year')
  async evaluations(@Ctx() ctx: RequestContext, @Query() q: EvaluationsQuery, @Res() res: Response): Promise<void> {
    await sendOfficeFile(res, ctx, this.audit, await this.exports.evaluationsOfYear(ctx, q.year, q.regionId), { ...q });
  }
}
