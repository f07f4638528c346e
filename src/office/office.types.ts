import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, connectionOf, DEFAULT_PAGE_SIZE, keysetAfter, OrderKey, PageArgs } from '../graphql/connection';
import type { ConnectionValue } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { BoolField, IdField, Sha256Field } from '../graphql/input-fields';
import { modelOf } from '../graphql/model';
import { Node } from '../graphql/node';
import { ImportJob, ImportStatus } from './import-job.entity';
import { ImportKind } from './import-kinds';
import type { RowProblem } from './import-kinds';

registerEnumType(ImportStatus, {
  name: 'ImportStatus',
  description: '导入任务的状态',
  valuesMap: {
    RUNNING: { description: '进行中' },
    VALIDATED: { description: '试导入通过：全部行无误（未写入）' },
    REJECTED: { description: '有错误行：全部未写入' },
    COMPLETED: { description: '已导入：全部行已写入' },
    FAILED: { description: '意外中止：全部未写入，请重试或联系管理员' },
  },
});

@InputType({ description: '导入一个 Excel 文件（先上传到 /attachments，再以其 sha256 指明）' })
export class ImportInput {
  @Sha256Field({ description: '已上传的 .xlsx 文件的 SHA-256（POST /attachments 的返回值）' }) file: string;
  @IdField({ optional: true, description: '导入的范围：县或乡镇（默认本账号的区划）；表中的乡镇、村按此范围内的名称对应' }) regionId?: string;
  @BoolField({ optional: true, description: '试导入：逐行检查并报告全部错误，不写入任何数据' }) dryRun?: boolean;
}

@ArgsType()
export class ImportJobArgs {
  @IdField({ description: '导入任务（导入时返回的 id）' }) id: string;
}

@ObjectType('ImportProblem', { description: '一处错误：行号（Excel 中的行号）、列和原因' })
export class ImportProblemModel {
  @Field(() => Int, { description: '行号（Excel 中显示的行号，表头为第 1 行）' }) row: number;
  @Field(() => String, { nullable: true, description: '列名（模板的表头）；为空时指整行' }) column: string | null;
  @Field({ description: '原因' }) reason: string;
  /** Its place in the job's list of problems (sorted by row): the keyset of the page. */
  readonly position: number;
}

@ObjectType('ImportProblemConnection', { description: '导入错误的分页列表（按行号）' })
export class ImportProblemConnection extends Connection(ImportProblemModel, 'ImportProblem') {}

const PROBLEM_ORDER: OrderKey<ImportProblemModel>[] = [{ expr: 'position', type: 'int', value: (p) => p.position }];

/**
 * A page of a job's problems. A file of 10,000 rows can have as many problems, so they are a connection; the
 * job's row already holds them all (import_job.problems, written once at the end), so the page is cut from it,
 * without a statement. The cursor is the problem's position, validated like any keyset cursor.
 */
export function problemPage(problems: readonly RowProblem[], args: PageArgs): ConnectionValue<ImportProblemModel> {
  const after = keysetAfter(args.after, PROBLEM_ORDER);
  const start = after ? Math.max(Number(Object.values(after.params)[0]) + 1, 0) : 0;
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  const rows = problems.slice(start, start + first + 1)
    .map((p, i) => Object.assign(new ImportProblemModel(), { row: p.row, column: p.column, reason: p.reason, position: start + i }));
  return connectionOf(rows, args, PROBLEM_ORDER, () => Promise.resolve(problems.length));
}

@ObjectType('ImportJob', { implements: () => [Node], description: '一次 Excel 导入：进度和结果（全部写入或全部不写入）' })
export class ImportJobModel implements Node {
  @Field(() => ID, { description: '全局标识（可用于 node(id:) 和 importJob(id:)）' }) id: string;
  @Field(() => ImportKind, { description: '导入的内容' }) kind: ImportKind;
  @Field({ description: '是否为试导入（只检查，不写入）' }) dryRun: boolean;
  @Field(() => ImportStatus, { description: '状态' }) status: ImportStatus;
  @Field({ description: '导入的文件（SHA-256）' }) file: string;
  @Field(() => ID, { description: '导入的范围（县或乡镇）' }) regionId: string;
  @Field({ description: '发起人' }) startedBy: string;
  @Field(() => Int, { description: '数据行数' }) totalRows: number;
  @Field(() => Int, { description: '已处理的行数（进度）' }) processedRows: number;
  @Field(() => Int, { description: '新增的记录数（试导入和未写入时：将会新增的数目）' }) createdRecords: number;
  @Field(() => Int, { description: '更新的记录数（如已登记的村更换管理人）' }) updatedRecords: number;
  @Field(() => String, { nullable: true, description: '意外中止时的错误代码（同 extensions.code，或 PROCESS_STOPPED：服务重启中止）' }) failure: string | null;
  @Field({ description: '开始时间' }) startedAt: Date;
  @Field(() => Date, { nullable: true, description: '结束时间；进行中为空' }) finishedAt: Date | null;
  readonly row: ImportJob;

  static from(row: ImportJob): ImportJobModel {
    return modelOf(new ImportJobModel(), row, {
      id: toGlobalId('ImportJob', row.id), kind: row.kind as ImportKind, dryRun: row.dryRun, status: row.status, file: row.fileSha256,
      regionId: toGlobalId('Region', row.scopeRegionId), startedBy: row.actorLabel, totalRows: row.totalRows, processedRows: row.processedRows,
      createdRecords: row.createdRecords, updatedRecords: row.updatedRecords, failure: row.failure, startedAt: row.startedAt, finishedAt: row.finishedAt,
    });
  }
}
