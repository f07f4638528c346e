import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, QueryFailedError } from 'typeorm';
import { AttachmentService } from '../attachments/attachment.service';
import { AuditService } from '../auth/audit.service';
import { assertReaches, outsideAnswer, reaches } from '../kernel/jurisdiction';
import { Permission, Role } from '../kernel/permissions';
import { can } from '../kernel/can';
import { Clock } from '../common/clock';
import { OutsideJurisdictionError } from '../kernel/outside-jurisdiction';
import { isEmbedded } from '../database/data-source';
import { outsideRequestScope, requestScope } from '../database/request-scope';
import { TransactionRunner } from '../database/transaction';
import { outsideUnitOfWork, unitOfWork } from '../database/unit-of-work';
import { AppError, BadUserInputError, ErrorCode, NotFoundError } from '../kernel/errors';
import { fromGlobalId, toGlobalId } from '../graphql/global-id';
import { RequestContext } from '../kernel/request-context';
import type { AuditEvent } from '../kernel/request-context';
import { AppValidationPipe } from '../graphql/validation.pipe';
import { CreatePremisesInput } from '../inspections/premises.types';
import { PremisesService } from '../inspections/premises.service';
import { OrganizationKind, RegionLevel } from '../organization/organization.enums';
import { OrganizationService } from '../organization/organization.service';
import type { Region } from '../organization/region.entity';
import { CreateRegionInput, SetRegionCodeInput } from '../organization/region.types';
import { PersonnelService } from '../personnel/personnel.service';
import { CreatePersonInput } from '../personnel/person.types';
import { RecordVillagePledgeInput, SetVillageManagerInput } from '../training/village.types';
import { VillageService } from '../training/village.service';
import { ImportJob, ImportStatus } from './import-job.entity';
import { columnOf, headerProblems, IMPORT_KINDS, ImportKind, ImportKindSpec, ParsedRow, parseRow, quoted, RowProblem } from './import-kinds';
import { allPages } from './pages';
import { EventOutbox } from '../integration/event-outbox';
import { addSheet, MAX_COLUMNS, newWorkbook, readWorkbook, sheetRows, SheetRows, TooManyColumns, TooManyRows, UnreadableWorkbook, workbookBuffer, WorkbookTooLarge } from './xlsx';

/** The most rows one file may carry (a county's premises fit; a province's go county by county). */
export const IMPORT_MAX_ROWS = 10_000;
/** How often a running import's progress is written to its row on a server database (rows). */
const PROGRESS_EVERY = 200;
/** ORG-6: a register row that replaces a village's recorded manager or pledge keeps what it replaced, with this reason. */
const IMPORT_REASON = '按导入的村（社区）名册更新';

/** Who may import what: the permission of the records the rows create (the guard checks it on each mutation). */
export const IMPORT_PERMISSION: Record<ImportKind, Permission> = {
  [ImportKind.VILLAGES]: Permission.VILLAGE_GUIDANCE_MANAGE,
  [ImportKind.PREMISES]: Permission.PREMISES_MANAGE,
  [ImportKind.CANDIDATES]: Permission.PERSONNEL_MANAGE,
};

export interface ImportRequest {
  kind: ImportKind;
  /** The workbook's bytes, and where they came from (an upload's sha256). */
  data: Buffer;
  fileSha256: string;
  /** A county or a township inside the jurisdiction; default the actor's own region. */
  regionId?: string | null;
  dryRun: boolean;
}

/** A prepared import: the job row written, the rows read; `execute` does the rest. */
export interface PreparedImport {
  job: ImportJob;
  spec: ImportKindSpec;
  scope: Region;
  rows: SheetRows['rows'];
  /** Row numbers hidden in the sheet: each is a problem (data nobody saw). */
  hidden: Set<number>;
}

/** What one row wrote. */
interface RowOutcome {
  created: number;
  updated: number;
  /** What the run learns from the row once it is kept (a new village for the rows after it). */
  kept?: () => void;
}

type RowWriter = (ctx: RequestContext, row: ParsedRow) => Promise<RowOutcome>;

/** A row's problems found by checks that do not depend on one another: reported together. */
class RowRefused extends Error {
  constructor(readonly errors: AppError[]) {
    super('row refused');
  }
}

/** The row had problems before it was written (its cells, a duplicate, hidden): what it wrote is undone. */
class RowNotImported extends Error {}

/** The record a row stands for is registered already (a CONFLICT of the call that registers it), told apart from the row's other problems. */
class AlreadyRegistered extends AppError {
  constructor(error: AppError) {
    super(error.code, error.message, error.extensions as Record<string, unknown>);
  }
}

/**
 * A row's refusal as the row's problem: a record the row names outside the importer's jurisdiction reads as one that
 * does not exist (NOT_FOUND naming it, as a lookup that found nothing), a region outside it FORBIDDEN
 * (kernel/jurisdiction.ts); the rows run in a job, after the edge that answers an operation's refusals.
 */
function rowError(error: unknown): unknown {
  return error instanceof OutsideJurisdictionError ? outsideAnswer(error, 'NOT_FOUND') : error;
}

/** The call that registers the record a row stands for: its CONFLICT (the record exists) is AlreadyRegistered. */
async function registering<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError && error.code === ErrorCode.CONFLICT) throw new AlreadyRegistered(error);
    throw error;
  }
}

function sqlStateOf(error: unknown): string {
  return error instanceof QueryFailedError ? ((error as { driverError?: { code?: string } }).driverError?.code ?? '') : '';
}

/** A record's id (what an audit entry's target is looked up by). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id no record has: what a check validates in place of a record a failed lookup did not find. */
const NO_RECORD = '00000000-0000-0000-0000-000000000000';

/**
 * The checks of one row that do not depend on one another (a lookup by name, the validation of an input): each
 * runs, a user's problem is kept and the next runs; `done` then throws them all at once. An unexpected error (the
 * database) stops the row at once, as before.
 */
class RowChecks {
  private readonly errors: AppError[] = [];

  async run<T>(work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (thrown) {
      const error = rowError(thrown);
      if (error instanceof AppError && error.code !== ErrorCode.SERVICE_UNAVAILABLE && error.code !== ErrorCode.INTERNAL_SERVER_ERROR) {
        this.errors.push(error);
        return undefined;
      }
      throw error;
    }
  }

  /** Throws the problems found so far, if any. */
  done(): void {
    if (this.errors.length > 0) throw new RowRefused(this.errors);
  }
}

/** A row's problems from a domain error a service raised (field problems become columns). */
function problemsOf(spec: ImportKindSpec, rowNumber: number, error: AppError): RowProblem[] {
  if (error instanceof BadUserInputError && error.fields.length > 0) {
    return error.fields.map((f) => ({ row: rowNumber, column: columnOf(spec, f.field), reason: f.reason }));
  }
  return [{ row: rowNumber, column: null, reason: error.message }];
}

/**
 * Whether a service's problem of a row repeats what the row's reading said: the same column (a bad cell was
 * passed on empty: 必填 again), or, for a row repeating an earlier one, that the record exists (the earlier row
 * made it: 「与第 2 行重复」 says it). Any other problem of the whole row (a post elsewhere, a refusal) is its own.
 */
function alreadySaid(row: { problems: RowProblem[]; duplicate: boolean }, p: RowProblem, error: unknown): boolean {
  if (p.column === null) return row.duplicate && (error instanceof AlreadyRegistered || sqlStateOf(error) === '23505');
  return row.problems.some((known) => known.column === p.column);
}

/** Problems of one row in the template's column order, the whole row's first. */
function columnOrder(spec: ImportKindSpec, column: string | null): number {
  return column === null ? -1 : spec.columns.findIndex((c) => c.header === column);
}

/** Field errors of one step renamed from `input.x` to `<step>.x`, so that two calls of one row name their columns apart. */
async function asStep<T>(step: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof BadUserInputError) throw new BadUserInputError(error.fields.map((f) => ({ field: f.field.replace(/^input\./, `${step}.`), reason: f.reason })), error.message);
    throw error;
  }
}

/**
 * Spreadsheet imports (docs/office.md). A file is read and checked against its template first (a file that is not
 * the template is refused at once); then every row runs through the same service methods as the API (every rule,
 * jurisdiction check and encryption), each row in a savepoint of one transaction (unit-of-work.ts): a bad row is
 * undone and reported with its row number, column and reason, the next goes on, so one run reports every bad row.
 * A dry run, or a run with any bad row, then rolls the whole transaction back: all rows or none.
 */
@Injectable()
export class ImportService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Import');
  private readonly pipe = new AppValidationPipe();
  /** Progress of the imports running in this process (fresher than their rows, which the embedded database cannot update meanwhile). */
  private readonly live = new Map<string, { processedRows: number }>();
  private readonly running = new Set<Promise<unknown>>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly organizations: OrganizationService,
    private readonly attachments: AttachmentService,
    private readonly personnel: PersonnelService,
    private readonly villages: VillageService,
    private readonly premises: PremisesService,
    private readonly audit: AuditService,
    private readonly outbox: EventOutbox,
  ) {}

  /**
   * An import that was running when its process stopped never finished (its transaction was rolled back): on the
   * embedded database (one process) every RUNNING row is such; on a server, rows older than a day.
   */
  async onApplicationBootstrap(): Promise<void> {
    const stale = isEmbedded(this.dataSource) ? `status = 'RUNNING'` : `status = 'RUNNING' AND started_at < now() - interval '1 day'`;
    // each job's end and its import_job.finished commit together
    await this.tx.run(async (m) => {
      const ended: ImportJob[] = await m.query(
        `WITH ended AS (UPDATE import_job SET status = 'FAILED', failure = 'PROCESS_STOPPED', finished_at = now() WHERE ${stale} RETURNING id)
         SELECT id FROM ended ORDER BY id`);
      for (const { id } of ended) await this.announceEnd(m, await m.getRepository(ImportJob).findOneByOrFail({ id }));
    });
  }

  /** Waits for the imports still running (shutdown, tests). */
  async onApplicationShutdown(): Promise<void> {
    await this.whenIdle();
  }

  async whenIdle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /** The template of a kind: the sheet with its headers, drop-down lists and text formats, and a sheet of instructions. */
  async template(kind: ImportKind): Promise<Buffer> {
    const spec = IMPORT_KINDS[kind];
    const wb = await newWorkbook();
    const choices: Record<number, string[]> = {};
    spec.columns.forEach((c, i) => {
      if (c.cell.type === 'choice') choices[i] = Object.keys(c.cell.choices);
      if (c.cell.type === 'yesNo') choices[i] = ['是', '否'];
    });
    addSheet(wb, {
      name: spec.sheetName,
      columns: spec.columns.map((c) => ({ header: c.required ? `${c.header}*` : c.header, width: c.width, numFmt: c.asText ? '@' : undefined })),
      rows: [],
      choices,
      formatRows: 1000,
      autoFilter: false,
    });
    addSheet(wb, {
      name: '填写说明',
      caption: [`${spec.title}导入模板`, `在“${spec.sheetName}”表中从第 2 行起每行填写一条；带 * 的列必填；请勿修改表头。导入前可先“试导入”（只检查，不写入）：任何一行有误，整个文件都不会写入。`],
      columns: [{ header: '列', width: 18 }, { header: '必填', width: 6 }, { header: '说明', width: 70 }, { header: '示例', width: 20 }],
      rows: spec.columns.map((c) => [c.header, c.required ? '是' : '否', c.note, c.example]),
    });
    return workbookBuffer(wb);
  }

  /**
   * Reads and checks the file, then writes the job row (RUNNING). A file that is not the template, has no rows or
   * too many is BAD_USER_INPUT on `field` and no job is made.
   */
  async prepare(ctx: RequestContext, request: ImportRequest, field = 'input.file'): Promise<PreparedImport> {
    const spec = IMPORT_KINDS[request.kind];
    const scope = await this.scope(ctx, request.regionId);
    let rows: PreparedImport['rows'];
    let hidden: Set<number>;
    try {
      const wb = await readWorkbook(request.data);
      // the template's sheet, else the first sheet a person sees (a hidden sheet is data nobody checked)
      const named = wb.getWorksheet(spec.sheetName);
      if (named && named.state !== 'visible') throw BadUserInputError.field(field, `“${spec.sheetName}”表被隐藏：请取消隐藏、核对后再导入`);
      const ws = named ?? wb.worksheets.find((w) => w.state === 'visible');
      if (!ws) throw BadUserInputError.field(field, '文件中没有可见的工作表');
      const read = sheetRows(ws, IMPORT_MAX_ROWS);
      const problems = headerProblems(spec, read.headers);
      if (problems.length > 0) throw new BadUserInputError(problems.map((reason) => ({ field, reason })), `表头与“${spec.title}”导入模板不符：${problems.join('；')}`);
      if (read.rows.length === 0) throw BadUserInputError.field(field, `“${ws.name}”表中没有数据行`);
      rows = read.rows;
      hidden = read.hidden;
    } catch (error) {
      if (error instanceof UnreadableWorkbook) throw BadUserInputError.field(field, '不是有效的 Excel 文件（.xlsx），请用下载的模板填写后保存为 .xlsx');
      if (error instanceof TooManyRows) throw BadUserInputError.field(field, `一个文件最多 ${error.max} 行，请分成几个文件导入`);
      if (error instanceof WorkbookTooLarge) throw BadUserInputError.field(field, '文件解压后过大，不像是按模板填写的表格');
      if (error instanceof TooManyColumns) throw BadUserInputError.field(field, `表头超过 ${MAX_COLUMNS} 列，不是下载的模板`);
      throw error;
    }
    const job = await this.tx.run(async (m) => {
      const repo = m.getRepository(ImportJob);
      return repo.save(repo.create({
        id: randomUUID(), kind: request.kind, dryRun: request.dryRun, status: ImportStatus.RUNNING, fileSha256: request.fileSha256,
        scopeRegionId: scope.id, scopePath: scope.path, actorId: ctx.actor.kind === 'SYSTEM' ? null : ctx.actor.id, actorLabel: ctx.actor.label,
        totalRows: rows.length, processedRows: 0, createdRecords: 0, updatedRecords: 0, problems: [], failure: null, startedAt: this.clock.now(), finishedAt: null,
      }));
    });
    ctx.auditTarget('ImportJob', job.id, { after: { kind: job.kind, dryRun: job.dryRun, totalRows: job.totalRows, fileSha256: job.fileSha256, regionId: scope.id } });
    return { job, spec, scope, rows, hidden };
  }

  /** `prepare` with an uploaded file (the GraphQL mutations); the rows are then written in the background. */
  async start(ctx: RequestContext, kind: ImportKind, input: { file: string; regionId?: string | null; dryRun?: boolean | null }): Promise<ImportJob> {
    await this.scope(ctx, input.regionId); // jurisdiction before the file: outside it, the same answer whatever the file
    const { data, file } = await this.attachments.contents(ctx, input.file, 'input.file');
    const prepared = await this.prepare(ctx, { kind, data, fileSha256: file.sha256, regionId: input.regionId, dryRun: input.dryRun ?? false });
    // its own context (the same actor): the request's audit note and loaders end with the request, the import does not
    const jobCtx = new RequestContext(`import-${prepared.job.id}`, ctx.actor, ctx.address, ctx.userAgent);
    this.live.set(prepared.job.id, { processedRows: 0 });
    const launch = () => {
      const run = outsideRequestScope(() => this.serialized(() => this.execute(jobCtx, prepared)))
        .catch((e: unknown) => this.logger.error({ err: e, jobId: prepared.job.id }, 'import failed'));
      this.running.add(run);
      void run.finally(() => this.running.delete(run));
    };
    // once the answer is out: its audit entry and idempotency record must not wait for the rows (on the embedded
    // database the unit holds the one connection)
    const scope = requestScope();
    if (scope) (scope.afterResponse ??= []).push(launch);
    else launch();
    return prepared.job;
  }

  /** On the embedded database imports run one at a time (one connection: a second unit could only time out). */
  private serialized<T>(work: () => Promise<T>): Promise<T> {
    if (!isEmbedded(this.dataSource)) return work();
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Writes the rows in one unit of work, each in a savepoint, reporting progress; commits only a real run without
   * a bad row (its job row turns COMPLETED in the same transaction), else rolls everything back. Returns the job
   * as it ended.
   */
  async execute(ctx: RequestContext, prepared: PreparedImport, onProgress?: (processed: number, total: number) => void): Promise<ImportJob> {
    const { job, spec, scope } = prepared;
    const problems: RowProblem[] = [];
    const parsed = prepared.rows.map((r) => ({ rowNumber: r.rowNumber, duplicate: false, ...parseRow(spec, r.rowNumber, r.cells, r.numbers) }));
    const seen = new Map<string, number>();
    for (const row of parsed) {
      if (prepared.hidden.has(row.rowNumber)) row.problems.push({ row: row.rowNumber, column: null, reason: '该行被隐藏（隐藏行或筛选）：请取消隐藏、核对后再导入' });
      // a township scope's rows are its own, named or not: the same record twice is a duplicate either way
      if (scope.level === RegionLevel.TOWNSHIP && 'township' in row.values && !row.values.township) row.values.township = scope.name;
      const key = spec.duplicateKey(row.values);
      if (key === null) continue;
      const first = seen.get(key);
      if (first !== undefined) {
        row.problems.push({ row: row.rowNumber, column: spec.duplicateColumn, reason: `与第 ${first} 行重复` });
        row.duplicate = true;
      }
      else seen.set(key, row.rowNumber);
    }
    const totals = { created: 0, updated: 0 };
    const checks: AuditEvent[] = [];
    const progress = this.live.get(job.id) ?? { processedRows: 0 };
    this.live.set(job.id, progress);
    const persistProgress = !isEmbedded(this.dataSource);
    const repo = this.dataSource.getRepository(ImportJob);
    let status: ImportStatus;
    let failure: string | null = null;
    try {
      status = await unitOfWork(this.dataSource, async (unit) => {
        const writer = this.writer(spec.kind, scope);
        for (const row of parsed) {
          // every row goes through the services' checks, a row with bad cells too (its bad cells empty): all of
          // its problems are reported in one round. What such a row wrote is undone at once (it is not imported)
          const flawed = row.problems.length > 0;
          // a context per row: loaders must not keep what a rolled-back row read or wrote
          const rowCtx = new RequestContext(ctx.requestId, ctx.actor, ctx.address, ctx.userAgent);
          const outcome = await unit.step(async () => {
            const written = await writer(rowCtx, row.values);
            if (flawed) throw new RowNotImported();
            return written;
          });
          // what a row's services audited (a citizen id's duplicate check) is kept, dry run, refused row or not: the
          // answer was given (the row's problems say 已登记 or not; PER-1, no id oracle). A record it names that was
          // undone is unnamed at the end (withoutUndone)
          checks.push(...rowCtx.auditEvents);
          if (outcome.ok) {
            totals.created += outcome.value.created;
            totals.updated += outcome.value.updated;
            outcome.value.kept?.();
          } else if (!(outcome.error instanceof RowNotImported)) {
            let found: RowProblem[] = [];
            try {
              found = this.rowProblems(spec, row.rowNumber, outcome.error);
            } catch (error) {
              // a row already refused by its cells that the services could not take at all: its cell problems stand
              // (a database that is gone stops the run at the next row)
              if (!flawed) throw error;
              this.logger.warn({ err: error, jobId: job.id, row: row.rowNumber }, 'a row with bad cells failed its checks unexpectedly');
            }
            problems.push(...found.filter((p) => !alreadySaid(row, p, outcome.error)));
          }
          problems.push(...row.problems);
          progress.processedRows++;
          onProgress?.(progress.processedRows, parsed.length);
          if (persistProgress && progress.processedRows % PROGRESS_EVERY === 0) {
            // best effort: a progress note that cannot be written must not undo the import
            await outsideUnitOfWork(() => repo.update({ id: job.id, status: ImportStatus.RUNNING }, { processedRows: progress.processedRows }))
              .catch((e: unknown) => this.logger.warn({ err: e, jobId: job.id }, 'import progress not written'));
          }
        }
        problems.sort((a, b) => a.row - b.row || columnOrder(spec, a.column) - columnOrder(spec, b.column));
        const commit = !job.dryRun && problems.length === 0;
        if (commit) {
          // inside the unit: the rows and COMPLETED commit together, or neither
          await this.finish(ctx, job, ImportStatus.COMPLETED, totals, problems, null, checks);
        }
        return { commit, value: commit ? ImportStatus.COMPLETED : problems.length > 0 ? ImportStatus.REJECTED : ImportStatus.VALIDATED };
      });
    } catch (error) {
      this.logger.error({ err: error, jobId: job.id }, 'import stopped by an unexpected error; nothing was written');
      status = ImportStatus.FAILED;
      failure = error instanceof AppError ? error.code : ErrorCode.INTERNAL_SERVER_ERROR;
    }
    try {
      if (status !== ImportStatus.COMPLETED) {
        // written = what the real run would have written (a dry run's counts); nothing of it is kept
        await this.finish(ctx, job, status, status === ImportStatus.FAILED ? { created: 0, updated: 0 } : totals, problems, failure, await this.withoutUndone(checks));
      }
    } finally {
      // live until its end is written: a RUNNING row nobody runs reads as stopped (job())
      this.live.delete(job.id);
    }
    return repo.findOneByOrFail({ id: job.id });
  }

  /** A job the actor may see: its own, or one in its jurisdiction of a kind it may import; else NOT_FOUND. */
  async job(ctx: RequestContext, globalId: string): Promise<ImportJob & { live: boolean }> {
    const id = fromGlobalId(globalId, 'ImportJob', 'id');
    const job = await this.dataSource.getRepository(ImportJob).findOneBy({ id });
    const own = job !== null && job.actorId !== null && job.actorId === ctx.actor.id;
    if (!job || (!own && !(reaches(ctx.actor, job.scopePath) && can(ctx, IMPORT_PERMISSION[job.kind as ImportKind])))) throw new NotFoundError('导入任务');
    const live = this.live.get(job.id);
    if (job.status === ImportStatus.RUNNING && !live && isEmbedded(this.dataSource)) {
      // one process holds the embedded database: a running job it does not know ended without its outcome written
      Object.assign(job, { status: ImportStatus.FAILED, failure: job.failure ?? 'PROCESS_STOPPED' });
    }
    return Object.assign(job, { processedRows: Math.max(job.processedRows, live?.processedRows ?? 0), live: live !== undefined });
  }

  // ---------- the rows ----------

  private rowProblems(spec: ImportKindSpec, rowNumber: number, thrown: unknown): RowProblem[] {
    const error = rowError(thrown);
    if (error instanceof RowRefused) return error.errors.flatMap((e) => problemsOf(spec, rowNumber, e));
    if (error instanceof AppError && error.code !== ErrorCode.SERVICE_UNAVAILABLE && error.code !== ErrorCode.INTERNAL_SERVER_ERROR) return problemsOf(spec, rowNumber, error);
    // the database refused what the checks before it let through: a record made meanwhile (unique), a value out of
    // its bounds: the row's problem. Connection, deadlock and lock errors stop the run (FAILED)
    const sqlState = sqlStateOf(error);
    if (sqlState === '23505') return [{ row: rowNumber, column: null, reason: '与已登记的记录重复' }];
    if (sqlState.startsWith('23') || sqlState.startsWith('22')) return [{ row: rowNumber, column: null, reason: `数据库拒绝了这一行（${sqlState}）：请核对各列的取值` }];
    throw error;
  }

  /**
   * The checks of a run that was rolled back (dry run, rejected, failed), each still audited (the answer was given),
   * but none naming a record that does not exist: the person a 「NONE」 check registered was undone with its row or
   * the run, so such an entry's target is cleared and `after.recordUndone` says why. A record that existed before
   * (a 「DUPLICATE」 check's) stays named.
   */
  private async withoutUndone(checks: AuditEvent[]): Promise<AuditEvent[]> {
    const named = checks.filter((c) => c.targetType && c.targetId && UUID.test(c.targetId) && this.dataSource.hasMetadata(c.targetType));
    const existing = new Set<string>();
    for (const type of new Set(named.map((c) => c.targetType!))) {
      const ids = [...new Set(named.filter((c) => c.targetType === type).map((c) => c.targetId!))];
      const found = (await this.dataSource.getRepository(type).find({ select: { id: true }, where: { id: In(ids) } })) as { id: string }[];
      for (const { id } of found) existing.add(`${type}:${id}`);
    }
    return checks.map((c) => (named.includes(c) && !existing.has(`${c.targetType}:${c.targetId}`) ? { ...c, targetId: null, after: { ...c.after, recordUndone: true } } : c));
  }

  private async finish(ctx: RequestContext, job: ImportJob, status: ImportStatus, totals: RowOutcome, problems: RowProblem[], failure: string | null, checks: AuditEvent[] = []): Promise<void> {
    const changes = {
      status, processedRows: status === ImportStatus.FAILED ? job.processedRows : job.totalRows, createdRecords: totals.created, updatedRecords: totals.updated,
      problems, failure, finishedAt: this.clock.now(),
    };
    // the end and import_job.finished in one transaction (inside the unit of work for a committed run: a savepoint)
    await this.tx.run(async (m) => {
      await m.getRepository(ImportJob).update({ id: job.id }, changes as never);
      await this.announceEnd(m, { ...job, ...changes } as ImportJob);
    });
    await this.audit.record(ctx, [{
      operation: `import${job.kind.charAt(0)}${job.kind.slice(1).toLowerCase()}Finished`, outcome: status === ImportStatus.FAILED || status === ImportStatus.REJECTED ? 'FAILURE' : 'SUCCESS',
      errorCode: status === ImportStatus.REJECTED ? ErrorCode.BAD_USER_INPUT : failure, targetType: 'ImportJob', targetId: job.id,
      after: { status, dryRun: job.dryRun, rows: job.totalRows, created: totals.created, updated: totals.updated, problems: problems.length },
    }, ...checks]);
    Object.assign(job, changes);
  }

  /** import_job.finished (docs/events.md): counts and codes, never a row's content (rows hold names and id numbers). */
  private async announceEnd(m: EntityManager, job: ImportJob): Promise<void> {
    await this.outbox.emit(m, {
      type: 'import_job.finished', regionId: job.scopeRegionId, subjectId: job.id, occurredAt: job.finishedAt ?? undefined, payload: {
        kind: job.kind, status: job.status, dryRun: job.dryRun, totalRows: job.totalRows, createdRecords: job.createdRecords, updatedRecords: job.updatedRecords,
        problems: job.problems.length, failure: job.failure, finishedAt: new Date(job.finishedAt ?? this.clock.now()).toISOString(),
      },
    });
  }

  /** The region rows are read in: a county or a township inside the jurisdiction (default: the actor's own). */
  private async scope(ctx: RequestContext, regionId: string | null | undefined): Promise<Region> {
    let region: Region | undefined;
    if (regionId) region = await this.organizations.region(ctx, regionId, 'input.regionId');
    else if (ctx.actor.regionId) region = await this.organizations.regionById(ctx).load(ctx.actor.regionId);
    if (!region) throw BadUserInputError.field('input.regionId', '请指定导入的县或乡镇');
    assertReaches(ctx, region.path);
    if (region.level !== RegionLevel.COUNTY && region.level !== RegionLevel.TOWNSHIP) throw BadUserInputError.field('input.regionId', '须为县或乡镇');
    return region;
  }

  /** Validates a service input as the API's validation pipe does (the same class-validator bounds and zh-CN reasons). */
  private async valid<T extends object>(cls: new () => T, value: Record<string, unknown>, step: string): Promise<T> {
    const cleaned = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined));
    return asStep(step, () => this.pipe.transform(cleaned, { type: 'body', metatype: cls, data: 'input' }) as Promise<T>);
  }

  /** The row writer of a kind, with lookups of townships, villages and units by name cached for the run. */
  private writer(kind: ImportKind, scope: Region): RowWriter {
    const names = new NameLookup(this.organizations, scope);
    if (kind === ImportKind.VILLAGES) {
      /** The row's village: found by name (its code filled in where the register lacks it), or registered. */
      const villageOf = async (ctx: RequestContext, township: Region, row: ParsedRow): Promise<{ village: Region; created: number; updated: number }> => {
        if (!row.name) throw BadUserInputError.field('row.name', '必填');
        let village = await names.village(ctx, township, row.name as string);
        let created = 0;
        let updated = 0;
        if (village) {
          if (row.code && village.code && row.code !== village.code) throw BadUserInputError.field('row.code', `与已登记的区划代码 ${village.code} 不一致`);
          if (row.code && !village.code) {
            // the row fills in a code the register lacks: as setRegionCode, with its permission and rules
            if (!registersVillages(ctx)) throw BadUserInputError.field('row.code', '该村（社区）已登记、尚无区划代码；本账号无权设置区划代码，请由县消委办或系统管理员设置，或留空');
            const input = await this.valid(SetRegionCodeInput, { regionId: toGlobalId('Region', village.id), code: row.code }, 'region');
            village = await asStep('region', () => this.organizations.setRegionCode(ctx, input));
            updated = 1;
          }
        } else {
          if (!registersVillages(ctx)) throw BadUserInputError.field('row.name', `“${quoted(String(row.name))}”尚未登记；本账号无权新增村（社区），请由县消委办或系统管理员先行登记或导入`);
          const input = await this.valid(CreateRegionInput, { parentId: toGlobalId('Region', township.id), name: row.name, kind: row.kind, code: row.code }, 'region');
          village = await asStep('region', () => this.organizations.createRegion(ctx, input));
          created = 1;
        }
        return { village, created, updated };
      };
      return async (ctx, row) => {
        const checks = new RowChecks();
        const township = await checks.run(() => names.township(ctx, row.township as string | null));
        // the inputs of the row's later steps checked first, on their own: their problems come with the lookups'
        const someVillage = toGlobalId('Region', NO_RECORD);
        await checks.run(() => this.valid(SetVillageManagerInput, { villageId: someVillage, name: row.managerName, phone: row.managerPhone, appointedOn: row.appointedOn, reason: IMPORT_REASON }, 'manager'));
        if (row.pledgeAdoptedOn) await checks.run(() => this.valid(RecordVillagePledgeInput, { villageId: someVillage, adoptedOn: row.pledgeAdoptedOn, reason: IMPORT_REASON }, 'pledge'));
        const found = township ? await checks.run(() => villageOf(ctx, township, row)) : undefined;
        checks.done();
        const { village, created, updated } = found!;
        const villageId = toGlobalId('Region', village.id);
        const manager = await this.valid(SetVillageManagerInput, { villageId, name: row.managerName, phone: row.managerPhone, appointedOn: row.appointedOn, reason: IMPORT_REASON }, 'manager');
        await asStep('manager', () => this.villages.setManager(ctx, manager));
        if (row.pledgeAdoptedOn) {
          const pledge = await this.valid(RecordVillagePledgeInput, { villageId, adoptedOn: row.pledgeAdoptedOn, reason: IMPORT_REASON }, 'pledge');
          await asStep('pledge', () => this.villages.recordPledge(ctx, pledge));
        }
        // known to later rows only once the whole row stands and is kept (a row undone takes its new village with it)
        return { created, updated: created ? 0 : Math.max(updated, 1), kept: created ? () => names.addVillage(township!, village) : undefined };
      };
    }
    if (kind === ImportKind.PREMISES) {
      return async (ctx, row) => {
        // the lookups and the input's check each on their own: every problem of the row at once
        const checks = new RowChecks();
        const township = await checks.run(() => names.township(ctx, row.township as string | null));
        let region = township;
        if (row.village && township) {
          region = await checks.run(async () => {
            const village = await names.village(ctx, township, row.village as string);
            if (!village) throw BadUserInputError.field('row.village', `${township.name}没有名为“${quoted(String(row.village))}”的村（社区）`);
            return village;
          });
        }
        const memberUnit = row.memberUnit ? await checks.run(() => names.memberUnit(ctx, row.memberUnit as string)) : null;
        const input = await checks.run(() => this.valid(CreatePremisesInput, {
          regionId: toGlobalId('Region', region?.id ?? NO_RECORD), kind: row.kind, name: row.name, address: row.address,
          memberUnitId: row.memberUnit ? toGlobalId('Organization', memberUnit ?? NO_RECORD) : undefined,
          responsibleName: row.responsibleName, responsiblePhone: row.responsiblePhone, riskLevel: row.riskLevel, keyUnit: row.keyUnit ?? false,
        }, 'input'));
        checks.done();
        await registering(() => this.premises.create(ctx, input!));
        return { created: 1, updated: 0 };
      };
    }
    return async (ctx, row) => {
      // a township's station, or the county's guidance center when no township is named at a county scope
      // the station and the input's check each on their own: every problem of the row at once
      const checks = new RowChecks();
      const region = row.township || scope.level === RegionLevel.TOWNSHIP ? await checks.run(() => names.township(ctx, row.township as string | null)) : scope;
      const station = region ? await checks.run(async () => {
        const orgKind = region.level === RegionLevel.TOWNSHIP ? OrganizationKind.FIRE_WORK_STATION : OrganizationKind.GUIDANCE_CENTER;
        const found = await this.organizations.organizationInRegion(ctx, orgKind).load(region.id);
        if (!found) throw BadUserInputError.field('row.township', `${region.name}没有${orgKind === OrganizationKind.FIRE_WORK_STATION ? '消防工作站' : '指导中心'}`);
        return found;
      }) : undefined;
      const { township: _t, ...fields } = row;
      const input = await checks.run(() => this.valid(CreatePersonInput, { ...fields, regionId: toGlobalId('Region', region?.id ?? NO_RECORD) }, 'input'));
      checks.done();
      const person = await registering(() => this.personnel.createPerson(ctx, input!));
      await this.personnel.proposeCandidate(ctx, { personId: toGlobalId('Person', person.id), stationId: toGlobalId('Organization', station!.id) });
      return { created: 1, updated: 0 };
    };
  }
}

/** Townships, villages and member units of the import's scope, found by name (what a spreadsheet has). */
class NameLookup {
  private townships: Map<string, Region> | null = null;
  private readonly villages = new Map<string, Map<string, Region>>();
  private units: Map<string, string> | null = null;

  constructor(
    private readonly organizations: OrganizationService,
    private readonly scope: Region,
  ) {}

  /** The township a row names (its 乡镇 cell); a township scope is its own township, a county scope needs the cell. */
  async township(ctx: RequestContext, name: string | null): Promise<Region> {
    if (this.scope.level === RegionLevel.TOWNSHIP) {
      if (name && name !== this.scope.name) throw BadUserInputError.field('row.township', `本次导入的范围是${this.scope.name}，不能导入“${quoted(name)}”的数据`);
      return this.scope;
    }
    if (!name) throw BadUserInputError.field('row.township', '必填（在县范围内导入时须写明乡镇）');
    this.townships ??= new Map((await allPages((page) => this.organizations.regions(ctx, page, { parentId: toGlobalId('Region', this.scope.id), level: RegionLevel.TOWNSHIP }))).map((t) => [t.name, t]));
    const township = this.townships.get(name);
    if (!township) throw BadUserInputError.field('row.township', `${this.scope.name}没有名为“${quoted(name)}”的乡镇`);
    return township;
  }

  async village(ctx: RequestContext, township: Region, name: string): Promise<Region | undefined> {
    let known = this.villages.get(township.id);
    if (!known) {
      known = new Map((await allPages((page) => this.organizations.regions(ctx, page, { parentId: toGlobalId('Region', township.id), level: RegionLevel.VILLAGE }))).map((v) => [v.name, v]));
      this.villages.set(township.id, known);
    }
    return known.get(name);
  }

  /** A village this import created, for the rows after it. */
  addVillage(township: Region, village: Region): void {
    this.villages.get(township.id)?.set(village.name, village);
  }

  async memberUnit(ctx: RequestContext, name: string): Promise<string> {
    const county = this.scope.level === RegionLevel.COUNTY ? this.scope.id : this.scope.parentId!;
    this.units ??= new Map((await allPages((page) => this.organizations.organizations(ctx, page, { regionId: toGlobalId('Region', county), kind: OrganizationKind.MEMBER_UNIT }))).map((o) => [o.name, o.id]));
    const id = this.units.get(name);
    if (!id) throw BadUserInputError.field('row.memberUnit', `没有名为“${quoted(name)}”的成员单位`);
    return id;
  }
}

/**
 * ORG-6: the committee office loads the villages' register of its guidance work by import, new villages and their
 * missing codes included (with createRegion's and setRegionCode's rules); a station only matches. Every other
 * region and code change is the system administrator's (REGION_MANAGE, GB/T 22239-2019 8.1.4.2 d)).
 */
function registersVillages(ctx: RequestContext): boolean {
  return can(ctx, Permission.REGION_MANAGE) || ctx.actor.role === Role.COMMITTEE_OFFICE;
}
