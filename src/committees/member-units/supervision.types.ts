import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { AttachmentInput, AttachmentModel } from '../../attachments/attachment.types';
import { Connection, PageArgs } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import { DateField, EnumField, IdField, ListField, TextField, TextListField } from '../../graphql/input-fields';
import { modelOf } from '../../graphql/model';
import { Node } from '../../graphql/node';
import { CalendarDateScalar, DateTimeScalar } from '../../graphql/scalars';
import { SupervisionFinding, SupervisionVisit } from '../committee.entity';
import { FindingSeverity } from '../committees.enums';

@ObjectType('SupervisionFinding', { description: '督导检查发现的问题（COM-4；可交办为任务）' })
export class SupervisionFindingModel {
  @Field(() => ID, { description: '全局标识（交办任务时作 findingId）' }) id: string;
  @Field(() => Int, { description: '序号' }) seq: number;
  @Field({ description: '问题描述' }) description: string;
  @Field(() => FindingSeverity, { description: '严重程度' }) severity: FindingSeverity;
  @Field(() => String, { nullable: true, description: '涉及的职责编号（现行责任清单中的编号）；未指明为空' }) dutyCode: string | null;
  @Field(() => ID, { nullable: true, description: '由此交办的任务；未交办为空' }) taskId: string | null;

  static from(row: SupervisionFinding): SupervisionFindingModel {
    return Object.assign(new SupervisionFindingModel(), {
      id: toGlobalId('SupervisionFinding', row.id), seq: row.seq, description: row.description, severity: row.severity, dutyCode: row.dutyCode,
      taskId: row.taskId ? toGlobalId('Task', row.taskId) : null,
    });
  }
}

@ObjectType('SupervisionVisit', { implements: () => [Node], description: '对成员单位的督导检查（COM-4：指导中心督导县直成员单位，工作站督导本乡镇成员单位）' })
export class SupervisionVisitModel implements Node {
  @Field(() => ID, { description: '全局标识（用于 node(id:)）' }) id: string;
  @Field(() => CalendarDateScalar, { description: '督导日期' }) visitedOn: string;
  @Field(() => [String], { description: '督导人员，最多 10 人' }) visitors: string[];
  @Field({ description: '督导情况' }) summary: string;
  @Field(() => [AttachmentModel], { description: '附件，最多 20 个（登记时附上）' }) attachments: AttachmentModel[];
  @Field({ description: '登记人' }) recordedBy: string;
  @Field(() => DateTimeScalar, { description: '登记时间' }) recordedAt: Date;
  readonly row: SupervisionVisit;

  static from(row: SupervisionVisit): SupervisionVisitModel {
    return modelOf(new SupervisionVisitModel(), row, {
      id: toGlobalId('SupervisionVisit', row.id), visitedOn: row.visitedOn, visitors: row.visitors, summary: row.summary, attachments: row.attachments,
      recordedBy: row.recordedBy, recordedAt: row.recordedAt,
    });
  }
}
@ObjectType('SupervisionVisitConnection', { description: '督导检查的分页列表（Relay 连接，新的在前）' })
export class SupervisionVisitConnection extends Connection(SupervisionVisitModel, 'SupervisionVisit') {}

@InputType('SupervisionFindingInput', { description: '督导发现的一个问题' })
export class SupervisionFindingInput {
  @TextField(1000, { description: '问题描述（最多 1000 字）' }) description: string;
  @EnumField(FindingSeverity, { description: '严重程度' }) severity: FindingSeverity;
  @TextField(20, { optional: true, description: '涉及的职责编号（须在该单位现行责任清单中）' }) dutyCode?: string | null;
}

@InputType('RecordSupervisionVisitInput', { description: '登记对成员单位的督导检查（COM-4）' })
export class RecordSupervisionVisitInput {
  @IdField({ description: '被督导的成员单位' }) memberUnitId: string;
  @DateField({ description: '督导日期（今天或以前，补录不超过 366 天，时间规则 T-COM-4）' }) visitedOn: string;
  @TextListField(10, 50, { min: 1, description: '督导人员，1 至 10 人' }) visitors: string[];
  @TextField(2000, { description: '督导情况（最多 2000 字）' }) summary: string;
  @ListField(() => AttachmentInput, 20, { optional: true, description: '照片、记录表等，最多 20 个' }) attachments?: AttachmentInput[] | null;
  @ListField(() => SupervisionFindingInput, 100, { optional: true, description: '发现的问题，最多 100 个' }) findings?: SupervisionFindingInput[] | null;
}

@ArgsType()
export class SupervisionVisitsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: '区划（含下级），默认本辖区' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
  @Field(() => ID, { nullable: true, description: '只看这一成员单位' }) @IsOptional() @IsString() @MaxLength(200) memberUnitId?: string;
}
