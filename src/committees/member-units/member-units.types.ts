import { ArgsType, Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { AttachmentInput, AttachmentModel } from '../../attachments/attachment.types';
import { Grade } from '../../evaluation/evaluation.enums';
import { Connection, PageArgs } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import {
  BoolField, DateField, EnumField, IdField, IntField, ListField, NumberField, TextField, TextListField,
} from '../../graphql/input-fields';
import { registerEnum } from '../../graphql/enums';
import { modelOf } from '../../graphql/model';
import { Node } from '../../graphql/node';
import { CalendarDateScalar, DateTimeScalar } from '../../graphql/scalars';
import { HazardStatus, PremisesKind, RiskLevel } from '../../inspections/inspections.enums';
import { MemberUnitDutyList, MemberUnitEvaluation, SupervisionFinding, SupervisionVisit } from '../committee.entity';
import { FindingSeverity, MemberUnitEvaluationStatus, MemberUnitSector } from '../committees.enums';
import { EvaluationPart } from './member-unit-evaluation.rules';
import type { EvaluationPointItem } from './member-unit-evaluation.rules';

registerEnum(EvaluationPart, 'MemberUnitEvaluationPart', '成员单位考评的组成部分（COM-4）', {
  TASKS: '任务按期办结', CAMPAIGNS: '专项整治成效', SUPERVISION: '督导发现问题扣分', SCORED: '考评评分',
});

// ---------- duty lists ----------

@ObjectType('DutyItem', { description: '责任清单中的一项职责（COM-4）' })
export class DutyItemModel {
  @Field({ description: '职责编号（在本清单内唯一）' }) code: string;
  @Field({ description: '职责内容' }) text: string;
  @Field(() => String, { nullable: true, description: '依据（法规条文或其摘要）；未注明为空' }) basis: string | null;
}

@InputType('DutyItemInput', { description: '责任清单中的一项职责' })
export class DutyItemInput {
  @TextField(20, { description: '职责编号（本清单内唯一，最多 20 字）' }) code: string;
  @TextField(500, { description: '职责内容（最多 500 字）' }) text: string;
  @TextField(500, { optional: true, description: '依据（法规条文或其摘要，最多 500 字）' }) basis?: string | null;
}

@ObjectType('MemberUnitDutyList', { implements: () => [Node], description: '成员单位责任清单的一个版本（COM-4；最新版本为现行清单）' })
export class MemberUnitDutyListModel implements Node {
  @Field(() => ID, { description: '全局标识（用于 node(id:)）' }) id: string;
  @Field(() => MemberUnitSector, { description: '所属行业' }) sector: MemberUnitSector;
  @Field(() => Int, { description: '版本号（从 1 起，每次修改加 1）' }) version: number;
  // bounded by SetMemberUnitDutiesInput.duties (50) and the catalogue (at most 6 per sector)
  @Field(() => [DutyItemModel], { description: '职责，最多 50 项' }) duties: DutyItemModel[];
  @Field({ description: '本版本的说明（导入默认清单或修改了什么）' }) note: string;
  @Field({ description: '设定人' }) createdBy: string;
  @Field(() => DateTimeScalar, { description: '设定时间' }) createdAt: Date;
  readonly row: MemberUnitDutyList;

  static from(row: MemberUnitDutyList): MemberUnitDutyListModel {
    return modelOf(new MemberUnitDutyListModel(), row, {
      id: toGlobalId('MemberUnitDutyList', row.id), sector: row.sector, version: row.version, duties: row.duties.map((d) => ({ ...d, basis: d.basis ?? null })),
      note: row.note, createdBy: row.createdBy, createdAt: row.createdAt,
    });
  }
}
@ObjectType('MemberUnitDutyListConnection', { description: '责任清单版本的分页列表（Relay 连接，新版本在前）' })
export class MemberUnitDutyListConnection extends Connection(MemberUnitDutyListModel, 'MemberUnitDutyList') {}

@InputType('SetMemberUnitDutiesInput', { description: '设定成员单位的责任清单（写入新版本，COM-4）' })
export class SetMemberUnitDutiesInput {
  @IdField({ description: '成员单位（县直单位由县消委办设定，乡镇单位由所在乡镇政府设定）' }) memberUnitId: string;
  @EnumField(MemberUnitSector, { description: '所属行业' }) sector: MemberUnitSector;
  @ListField(() => DutyItemInput, 50, { optional: true, min: 1, description: '职责，1 至 50 项，编号不得重复；不填则载入该行业的默认清单' }) duties?: DutyItemInput[] | null;
  @TextField(500, { optional: true, description: '说明（最多 500 字）；不填则写明载入默认清单或修改清单' }) note?: string | null;
}

@ArgsType()
export class DutyCatalogueArgs {
  @Field(() => MemberUnitSector, { description: '行业' }) @IsEnum(MemberUnitSector) sector: MemberUnitSector;
}
@ArgsType()
export class MemberUnitDutiesArgs {
  @Field(() => ID, { description: '成员单位' }) @IsString() @MaxLength(200) memberUnitId: string;
}

// ---------- supervision ----------

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

// ---------- evaluation ----------

@ObjectType('EvaluationFigure', { description: '考评计分所用的一个数字' })
export class EvaluationFigureModel {
  @Field({ description: '名称' }) name: string;
  @Field(() => Float, { description: '数值' }) value: number;
}

@ObjectType('EvaluationPointItem', { description: '考评得分的一项：由哪些数字、按什么算出多少分（COM-4：每一分可追溯到其来源）' })
export class EvaluationPointItemModel {
  @Field(() => EvaluationPart, { description: '组成部分' }) part: EvaluationPart;
  @Field(() => [EvaluationFigureModel], { description: '所用数字，最多 10 个' }) figures: EvaluationFigureModel[];
  @Field(() => Float, { description: '得分' }) points: number;
  @Field(() => Float, { description: '该项满分' }) max: number;
  @Field({ description: '计算说明' }) explanation: string;
  @Field(() => [ID], { description: '计入的任务、专项整治或督导检查的全局标识，最多 1000 个' }) recordIds: string[];

  static from(item: EvaluationPointItem): EvaluationPointItemModel {
    return Object.assign(new EvaluationPointItemModel(), {
      part: item.part, figures: item.figures, points: item.points, max: item.max, explanation: item.explanation,
      recordIds: item.records.map((r) => toGlobalId(r.kind, r.id)),
    });
  }
}

/** What a list row of evaluations carries: the stored row if any, and the result (stored FINAL or computed now). */
export interface MemberUnitEvaluationValue {
  memberUnitId: string;
  year: number;
  row: MemberUnitEvaluation | null;
  status: MemberUnitEvaluationStatus;
  policyVersion: number;
  score: number;
  grade: Grade | null;
  scoredPart: number | null;
  scoredComment: string | null;
  items: EvaluationPointItem[];
  finalizedAt: Date | null;
  finalizedBy: string | null;
}

@ObjectType('MemberUnitEvaluation', { description: '成员单位年度考评（COM-4）：未定稿的按现行数据实时计算，定稿后不再改变' })
export class MemberUnitEvaluationModel {
  @Field(() => ID, { nullable: true, description: '已保存的考评记录的全局标识；尚未评分的为空' }) id: string | null;
  @Field(() => Int, { description: '年度' }) year: number;
  @Field(() => MemberUnitEvaluationStatus, { description: '状态' }) status: MemberUnitEvaluationStatus;
  @Field(() => Int, { description: '计算所用的委员会工作政策版本（定稿的为定稿时的版本；未定稿的为年度最后一天有效的版本）' }) policyVersion: number;
  @Field(() => Float, { description: '总分（各项得分之和；未评分时不含评分部分）' }) score: number;
  @Field(() => Grade, { nullable: true, description: '等次（EVA-4）；评分部分尚未评分时为空' }) grade: Grade | null;
  @Field(() => Float, { nullable: true, description: '评分部分的得分（百分制）；尚未评分为空' }) scoredPart: number | null;
  @Field(() => String, { nullable: true, description: '评分意见' }) scoredComment: string | null;
  @Field(() => [EvaluationPointItemModel], { description: '得分明细（每一分及其来源），最多 110 项' }) breakdown: EvaluationPointItemModel[];
  @Field(() => DateTimeScalar, { nullable: true, description: '定稿时间；未定稿为空' }) finalizedAt: Date | null;
  @Field(() => String, { nullable: true, description: '定稿人；未定稿为空' }) finalizedBy: string | null;
  readonly value: MemberUnitEvaluationValue;

  static from(v: MemberUnitEvaluationValue): MemberUnitEvaluationModel {
    const m = Object.assign(new MemberUnitEvaluationModel(), {
      id: v.row ? toGlobalId('MemberUnitEvaluation', v.row.id) : null, year: v.year, status: v.status, policyVersion: v.policyVersion, score: v.score,
      grade: v.grade, scoredPart: v.scoredPart, scoredComment: v.scoredComment, breakdown: v.items.map(EvaluationPointItemModel.from),
      finalizedAt: v.finalizedAt, finalizedBy: v.finalizedBy,
    });
    Object.defineProperty(m, 'value', { value: v, enumerable: false });
    return m;
  }
}
@ObjectType('MemberUnitEvaluationConnection', { description: '成员单位年度考评的分页列表（Relay 连接，按单位名称）' })
export class MemberUnitEvaluationConnection extends Connection(MemberUnitEvaluationModel, 'MemberUnitEvaluation') {}

@ArgsType()
export class MemberUnitEvaluationsArgs extends PageArgs {
  @IntField(2000, 2100, { description: '年度' }) year: number;
  @Field(() => ID, { nullable: true, description: '区划（含下级），默认本辖区' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
  @Field(() => ID, { nullable: true, description: '只看这一成员单位' }) @IsOptional() @IsString() @MaxLength(200) memberUnitId?: string;
}

@InputType('ScoreMemberUnitInput', { description: '成员单位考评的评分部分（COM-4）' })
export class ScoreMemberUnitInput {
  @IdField({ description: '成员单位' }) memberUnitId: string;
  @IntField(2000, 2100, { description: '年度' }) year: number;
  @NumberField(0, 100, { description: '评分（百分制，0 至 100，最多两位小数）' }) scoredPart: number;
  @TextField(1000, { optional: true, description: '评分意见（最多 1000 字）' }) comment?: string | null;
}

@InputType('FinalizeMemberUnitEvaluationInput', { description: '成员单位年度考评定稿（年度结束后，时间规则 T-COM-6）' })
export class FinalizeMemberUnitEvaluationInput {
  @IdField({ description: '成员单位' }) memberUnitId: string;
  @IntField(2000, 2100, { description: '年度' }) year: number;
}

// ---------- COM-5: a member unit's sector ----------

@ObjectType('SectorPremises', { description: '本行业（或本单位自身）的场所（COM-5：成员单位查看）' })
export class SectorPremisesModel {
  @Field(() => ID, { description: '场所的全局标识' }) id: string;
  @Field({ description: '名称' }) name: string;
  @Field(() => PremisesKind, { description: '场所类别' }) kind: PremisesKind;
  @Field({ description: '地址' }) address: string;
  @Field({ description: '所在区划名称' }) regionName: string;
  @Field(() => RiskLevel, { description: '火灾风险等级' }) riskLevel: RiskLevel;
  @Field({ description: '消防安全重点单位' }) keyUnit: boolean;
  @Field({ description: '是本单位自身的场所（否则为本行业监管的场所）' }) ownPremises: boolean;
  @Field(() => CalendarDateScalar, { nullable: true, description: '最近一次检查日期；从未检查为空' }) lastInspectedOn: string | null;
  @Field(() => Int, { description: '未销号的隐患数' }) openHazards: number;
  @Field(() => Int, { description: '逾期未整改的隐患数' }) overdueHazards: number;
}
@ObjectType('SectorPremisesConnection', { description: '本行业场所的分页列表（Relay 连接，按名称）' })
export class SectorPremisesConnection extends Connection(SectorPremisesModel, 'SectorPremises') {}

@ObjectType('SectorHazard', { description: '本行业场所的隐患及整改情况（COM-5：成员单位查看）' })
export class SectorHazardModel {
  @Field(() => ID, { description: '隐患的全局标识' }) id: string;
  @Field({ description: '隐患描述' }) description: string;
  @Field(() => HazardStatus, { description: '整改状态' }) status: HazardStatus;
  @Field(() => CalendarDateScalar, { description: '发现日期' }) foundOn: string;
  @Field(() => CalendarDateScalar, { nullable: true, description: '整改期限；尚未下达整改为空' }) deadline: string | null;
  @Field({ description: '是否逾期未整改' }) overdue: boolean;
  @Field(() => CalendarDateScalar, { nullable: true, description: '报整改日期；尚未整改为空' }) rectifiedOn: string | null;
  @Field(() => CalendarDateScalar, { nullable: true, description: '复查销号日期（北京时间）；未销号为空' }) closedOn: string | null;
  @Field(() => ID, { description: '场所的全局标识' }) premisesId: string;
  @Field({ description: '场所名称' }) premisesName: string;
}
@ObjectType('SectorHazardConnection', { description: '本行业场所隐患的分页列表（Relay 连接，新发现的在前）' })
export class SectorHazardConnection extends Connection(SectorHazardModel, 'SectorHazard') {}

@ArgsType()
export class SectorHazardsArgs extends PageArgs {
  @Field(() => [HazardStatus], { nullable: true, description: '只看这些状态，最多 4 个' }) @IsOptional() @ArrayMaxSize(4) @IsEnum(HazardStatus, { each: true }) statuses?: HazardStatus[];
  @BoolField({ optional: true, description: 'true 只看逾期未整改的，false 只看未逾期的' }) overdue?: boolean;
}

@InputType('SetPremisesSectorUnitInput', { description: '设定场所的行业主管部门（COM-5）' })
export class SetPremisesSectorUnitInput {
  @IdField({ description: '场所' }) premisesId: string;
  @IdField({ optional: true, description: '行业主管的成员单位（其委员会的区划须包含该场所）；为空则清除' }) sectorUnitId?: string | null;
  @IntField(1, 2_147_483_647, { optional: true, description: '场所的版本号（防止覆盖他人的更改）' }) expectedVersion?: number | null;
}
