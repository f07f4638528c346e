import { Command, Help, Option } from 'nest-commander';
import { AuditService } from '../../auth/audit.service';
import { parsePeriod, PERIOD_TEXT } from '../../common/period';
import { BadUserInputError } from '../../kernel/errors';
import { toGlobalId } from '../../graphql/global-id';
import { ExportService } from '../../office/export.service';
import { HazardExportQuery } from '../../office/office.controller';
import type { OfficeFile } from '../../office/office-http';
import { RegionLevel } from '../../organization/organization.enums';
import { CliApplication } from '../cli-application';
import { CliCommand } from '../cli-command';
import { writeOfficeFile } from '../cli-files';
import { regionOf } from '../cli-regions';
import { audited, cliContext, CommonOptions, FieldLabels, say, validInput } from '../cli-support';

interface ExportOptions extends CommonOptions {
  region?: string;
  out?: string;
  force?: boolean;
  period?: string;
  year?: string;
  status?: string;
  overdue?: boolean;
  major?: boolean;
  foundFrom?: string;
  foundTo?: string;
}

const KINDS = ['staffing', 'hazards', 'fire-situation', 'village-coverage', 'evaluations'] as const;
type Kind = (typeof KINDS)[number];
/** The audit operation of each export: the same as its HTTP route's (office-http.ts officeOperation). */
const OPERATIONS: Record<Kind, string> = {
  staffing: 'exportStaffing', hazards: 'exportHazards', 'fire-situation': 'exportFireSituation', 'village-coverage': 'exportVillageCoverage', evaluations: 'exportEvaluations',
};

/**
 * `export <kind>`: the .xlsx exports of /office/exports (ExportService: the same service calls and numbers as the
 * API's queries), written to a file. As the system: every region (default: the deployment's county).
 */
@Command({ name: 'export', arguments: '<kind>', description: '导出 Excel：staffing 人员配备、hazards 隐患清单、fire-situation 火灾形势、village-coverage 村（社区）覆盖、evaluations 年度考评结果' })
export class ExportCommand extends CliCommand<ExportOptions> {
  constructor(private readonly cli: CliApplication) {
    super();
  }

  @Option({ flags: '-r, --region <region>', description: '区划代码或名称（省、市、县或乡镇）；默认：县消委办所在的县' })
  parseRegion(value: string): string {
    return value;
  }

  @Option({ flags: '-o, --out <path>', description: '写到此文件（或此文件夹下）；默认：当前文件夹，以导出的中文文件名' })
  parseOut(value: string): string {
    return value;
  }

  @Option({ flags: '--force', description: '覆盖已存在的文件' })
  parseForce(): boolean {
    return true;
  }

  @Option({ flags: '--period <period>', description: 'fire-situation：YYYY-MM（月）、YYYY-Qn（季度）或 YYYY（年）' })
  parsePeriod(value: string): string {
    return value;
  }

  @Option({ flags: '--year <year>', description: 'evaluations：年份' })
  parseYear(value: string): string {
    return value;
  }

  @Option({ flags: '--status <status>', description: 'hazards：状态（REPORTED、RECTIFYING、PENDING_RECHECK、CLOSED）' })
  parseStatus(value: string): string {
    return value;
  }

  @Option({ flags: '--overdue', description: 'hazards：只列逾期的' })
  parseOverdue(): boolean {
    return true;
  }

  @Option({ flags: '--major', description: 'hazards：只列（疑似或确认的）重大火灾隐患' })
  parseMajor(): boolean {
    return true;
  }

  @Option({ flags: '--found-from <date>', description: 'hazards：发现日期起（YYYY-MM-DD）' })
  parseFoundFrom(value: string): string {
    return value;
  }

  @Option({ flags: '--found-to <date>', description: 'hazards：发现日期止（YYYY-MM-DD）' })
  parseFoundTo(value: string): string {
    return value;
  }

  @Help('after')
  helpAfter(): string {
    return `
导出以系统身份（system:cli）执行，记入审计日志（exportStaffing、exportHazards …）。
例：npm run cli -- export hazards --region 景山镇 --overdue --out 逾期隐患.xlsx
    npm run cli -- export fire-situation --period 2027-03
    npm run cli -- export evaluations --year 2027 --out exports/`;
  }

  protected override labels(): FieldLabels {
    return {
      'input.regionId': '区划（--region）', 'input.status': '--status', 'input.foundFrom': '--found-from', 'input.foundTo': '--found-to',
      period: '--period', year: '--year', kind: '导出内容', out: '--out',
    };
  }

  protected async execute([kindName]: string[], options: ExportOptions): Promise<void> {
    if (!KINDS.includes(kindName as Kind)) throw BadUserInputError.field('kind', `须为 ${KINDS.join('、')} 之一`);
    const kind = kindName as Kind;
    if (kind === 'fire-situation' && !(options.period && PERIOD_TEXT.test(options.period))) throw BadUserInputError.field('period', '须为 YYYY-MM（月）、YYYY-Qn（季度）或 YYYY（年）');
    if (kind === 'evaluations' && !(options.year && /^(20\d\d|2100)$/.test(options.year))) throw BadUserInputError.field('year', '须为 2000 至 2100 的年份');
    const filter = kind === 'hazards'
      ? await validInput(HazardExportQuery, { status: options.status, overdue: options.overdue, major: options.major, foundFrom: options.foundFrom, foundTo: options.foundTo })
      : null;
    await this.cli.run(options, async (app) => {
      const ctx = cliContext();
      const exports = app.get(ExportService);
      // the file is written inside the audited work: an export that could not be written is a FAILURE
      const { file, written } = await audited(app.get(AuditService), ctx, OPERATIONS[kind], async () => {
        const region = await regionOf(app, ctx, options.region, [RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY, RegionLevel.TOWNSHIP]);
        if (ctx.auditNote) ctx.auditNote.scopePath = region.path;
        ctx.auditTarget('OfficeFile', null, { after: { kind, region: region.name, period: options.period, year: options.year, ...filter } });
        const regionId = toGlobalId('Region', region.id);
        const made: OfficeFile =
          kind === 'staffing' ? await exports.staffing(ctx, regionId)
          : kind === 'hazards' ? await exports.hazardList(ctx, { ...filter, regionId })
          : kind === 'fire-situation' ? await exports.fireSituation(ctx, regionId, parsePeriod(options.period!))
          : kind === 'village-coverage' ? await exports.villageCoverage(ctx, regionId)
          : await exports.evaluationsOfYear(ctx, Number(options.year), regionId);
        return { file: made, written: await writeOfficeFile(made, options.out, Boolean(options.force)) };
      });
      say(`已导出：${written}（${file.buffer.length} 字节）`);
    });
  }
}
