import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { AttachmentInput, AttachmentModel } from '../attachments/attachment.types';
import { PeriodKind } from '../common/period';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { IdField, IntField, ListField, TextField } from '../graphql/input-fields';
import { modelOf } from '../graphql/model';
import { Node } from '../graphql/node';
import { PeriodModel, periodModel } from '../graphql/period.types';
import { DateTimeScalar } from '../graphql/scalars';
import { DutyReport, DutyReportScore } from './duty-report.entity';
import { ScoringSide, SubjectKind } from './evaluation.enums';
import { subjectGlobalId } from './roster';

@ObjectType('DutyReportScore', { description: '工作述职的评分（EVA-5：指导中心、乡镇人民政府各一）' })
export class DutyReportScoreModel {
  @Field(() => ScoringSide, { description: '评分方' }) side: ScoringSide;
  @Field(() => Int, { description: '分数 0–100' }) score: number;
  @Field(() => String, { nullable: true, description: '评语' }) comment: string | null;
  @Field(() => String, { nullable: true, description: '定稿后更正评分的理由' }) correctionReason: string | null;
  @Field({ description: '评分人' }) scoredBy: string;
  @Field(() => DateTimeScalar, { description: '评分时刻' }) scoredAt: Date;
  @Field(() => Int, { description: '本方评分的版本：每次重新评分加 1（重新评分时作为 expectedScoreVersion 传回）' }) version: number;

  static from(row: DutyReportScore): DutyReportScoreModel {
    return Object.assign(new DutyReportScoreModel(), {
      side: row.side, score: row.score, comment: row.comment, correctionReason: row.correctionReason, scoredBy: row.scoredBy, scoredAt: row.scoredAt, version: row.version,
    });
  }
}

@ObjectType('DutyReport', { implements: () => [Node], description: '月度工作述职（EVA-1；人员或工作站整体）' })
export class DutyReportModel implements Node {
  @Field(() => ID, { description: '述职的全局 id' }) id: string;
  @Field(() => SubjectKind, { description: '述职的是人员还是工作站整体' }) subjectKind: SubjectKind;
  @Field(() => ID, { description: '人员或工作站的 id' }) subjectId: string;
  @Field(() => PeriodModel, { description: '述职的月份' }) period: PeriodModel;
  @Field({ description: '述职内容' }) content: string;
  @Field(() => [AttachmentModel], { description: '附件，最多 20 个（提交时限定）' }) attachments: AttachmentModel[];
  @Field({ description: '提交人' }) submittedBy: string;
  @Field(() => DateTimeScalar, { description: '提交时刻' }) submittedAt: Date;
  @Field(() => Int, { description: '述职的版本（重新提交加 1；评分、重新提交时作为 expectedVersion 传回）' }) version: number;
  readonly row: DutyReport;

  static from(row: DutyReport): DutyReportModel {
    return modelOf(new DutyReportModel(), row, {
      id: toGlobalId('DutyReport', row.id), subjectKind: row.subjectKind, subjectId: subjectGlobalId(row.subjectKind, row.subjectId), period: periodModel(PeriodKind.MONTH, row.year, row.month),
      content: row.content, attachments: row.attachments, submittedBy: row.submittedBy, submittedAt: row.submittedAt, version: row.version,
    });
  }
}
@ObjectType('DutyReportConnection', { description: '月度工作述职的分页列表（新的月份在前）' })
export class DutyReportConnection extends Connection(DutyReportModel, 'DutyReport') {}

@InputType({ description: '提交月度工作述职（EVA-1；工作站为本站人员或本站整体提交；评分前可重新提交）' })
export class SubmitWorkReportInput {
  @IdField({ description: '人员 id（当月 1 日在岗）或工作站 id' }) subjectId: string;
  @IntField(2000, 2100, { description: '年' }) year: number;
  @IntField(1, 12, { description: '月 1–12' }) month: number;
  @TextField(20000, { description: '述职内容' }) content: string;
  @ListField(() => AttachmentInput, 20, { optional: true, description: '附件（先上传到 /attachments）' }) attachments?: AttachmentInput[] | null;
  @IntField(1, 1_000_000, { optional: true, description: '重新提交时：所替换述职的版本（已被他人替换则 CONFLICT）' }) expectedVersion?: number | null;
}

@InputType({ description: '为工作述职评分（EVA-5：指导中心或乡镇人民政府，按账号角色；再次评分替换本方评分）' })
export class ScoreWorkReportInput {
  @IdField({ description: '工作述职 id' }) reportId: string;
  @IntField(0, 100, { description: '分数 0–100' }) score: number;
  @TextField(2000, { optional: true, description: '评语' }) comment?: string | null;
  @TextField(1000, { optional: true, description: '当月已定稿时必填：更正理由' }) correctionReason?: string | null;
  @IntField(1, 1_000_000, { optional: true, description: '评分所依据的述职版本（述职已重新提交则 CONFLICT）' }) expectedVersion?: number | null;
  @IntField(0, 1_000_000, { optional: true, description: '本方评分所依据的版本：0 表示本方尚未评分；本方评分已被他人给出或修改则 CONFLICT' }) expectedScoreVersion?: number | null;
}
