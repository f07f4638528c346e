import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { AttachmentInput, AttachmentModel } from '../attachments/attachment.types';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { BoolField, DateField, EnumField, IdField, IntField, ListField, MAX_LIST_ARGUMENT, TextField, TextListField } from '../graphql/input-fields';
import { modelOf } from '../graphql/model';
import { Node } from '../graphql/node';
import { CalendarDateScalar } from '../graphql/scalars';
import { RegionModel } from '../organization/region.types';
import { TeamKind } from './training.enums';
import { GuidanceVisit, VillageGuidance } from './village.entity';
import { teamShortfalls } from './village.rules';

@ObjectType('TeamMember', { description: '消防队伍的队员' })
export class TeamMemberModel {
  @Field({ description: '姓名' }) name: string;
  @Field({ description: '是否经过消防培训' }) trained: boolean;
}

@ObjectType('Equipment', { description: '消防队伍的一种器材装备' })
export class EquipmentModel {
  @Field({ description: '名称' }) name: string;
  @Field(() => Int, { description: '数量' }) quantity: number;
}

@ObjectType('VillageGuidance', { implements: () => [Node], description: '村（社区）消防工作（ORG-6）：消防安全管理人、防火公约、消防队伍' })
export class VillageGuidanceModel implements Node {
  @Field(() => ID, { description: '全局标识（以村的区划为准）' }) id: string;
  @Field(() => String, { nullable: true, description: '消防安全管理人' }) managerName: string | null;
  @Field(() => String, { nullable: true, description: '消防安全管理人电话（脱敏）' }) managerPhoneMasked: string | null;
  @Field(() => CalendarDateScalar, { nullable: true, description: '消防安全管理人确定日期' }) managerAppointedOn: string | null;
  @Field(() => CalendarDateScalar, { nullable: true, description: '防火公约通过日期' }) pledgeAdoptedOn: string | null;
  // each recordVillagePledge replaces them, at most 10 (RecordVillagePledgeInput.attachments)
  @Field(() => [AttachmentModel], { description: '防火公约文本或照片，最多 10 个' }) pledgeAttachments: AttachmentModel[];
  @Field(() => TeamKind, { description: '队伍类别：志愿消防队、微型消防站或无' }) teamKind: TeamKind;
  @Field(() => String, { nullable: true, description: '队伍名称' }) teamName: string | null;
  @Field(() => String, { nullable: true, description: '队长或站长' }) teamHead: string | null;
  // ORG-6: one village's team, replaced whole by setVillageTeam, whose input takes at most 100 members
  @Field(() => [TeamMemberModel], { description: '队员，最多 100 人（登记队伍时整体替换）' }) teamMembers: TeamMemberModel[];
  @Field(() => Int, { description: '经培训的队员人数' }) trainedMembers: number;
  @Field(() => [EquipmentModel], { description: '器材装备，最多 100 种（登记队伍时整体替换）' }) equipment: EquipmentModel[];
  @Field(() => [String], { description: '队伍的不足，最多 3 项（微型消防站须有站长和至少 5 名经培训的队员）' }) teamShortfalls: string[];
  @Field(() => Int, { description: '版本号（尚未登记为 0）' }) version: number;
  readonly row: VillageGuidance;

  static from(row: VillageGuidance): VillageGuidanceModel {
    return modelOf(new VillageGuidanceModel(), row, {
      id: toGlobalId('VillageGuidance', row.villageId), managerName: row.managerName, managerPhoneMasked: row.managerPhoneMasked, managerAppointedOn: row.managerAppointedOn,
      pledgeAdoptedOn: row.pledgeAdoptedOn, pledgeAttachments: row.pledgeAttachments, teamKind: row.teamKind, teamName: row.teamName, teamHead: row.teamHead,
      teamMembers: row.teamMembers, trainedMembers: row.teamMembers.filter((m) => m.trained).length, equipment: row.equipment,
      teamShortfalls: teamShortfalls({ teamKind: row.teamKind, teamHead: row.teamHead, members: row.teamMembers }), version: row.version,
    });
  }
}

@ObjectType('GuidanceVisit', { implements: () => [Node], description: '工作站对村（社区）的指导记录（ORG-6）' })
export class GuidanceVisitModel implements Node {
  @Field(() => ID, { description: '全局标识（用于 node(id:)）' }) id: string;
  @Field(() => CalendarDateScalar, { description: '指导日期' }) visitedOn: string;
  @Field(() => [String], { description: '指导人员，最多 10 人' }) visitors: string[];
  @Field({ description: '指导内容' }) content: string;
  @Field(() => String, { nullable: true, description: '发现的问题' }) findings: string | null;
  @Field(() => [AttachmentModel], { description: '附件，最多 20 个（登记时附上）' }) attachments: AttachmentModel[];
  @Field({ description: '登记人' }) recordedBy: string;
  readonly row: GuidanceVisit;

  static from(row: GuidanceVisit): GuidanceVisitModel {
    return modelOf(new GuidanceVisitModel(), row, {
      id: toGlobalId('GuidanceVisit', row.id), visitedOn: row.visitedOn, visitors: row.visitors, content: row.content, findings: row.findings,
      attachments: row.attachments, recordedBy: row.recordedBy,
    });
  }
}
@ObjectType('GuidanceVisitConnection', { description: '对村（社区）的指导记录的分页列表（Relay 连接，按游标向后翻页）' })
export class GuidanceVisitConnection extends Connection(GuidanceVisitModel, 'GuidanceVisit') {}

@ObjectType('TeamShortfall', { description: '队伍不达标的村（社区）' })
export class TeamShortfallModel {
  @Field(() => RegionModel, { description: '村（社区）' }) village: RegionModel;
  @Field(() => [String], { description: '不达标之处，最多 3 项' }) problems: string[];
}
@ObjectType('TeamShortfallConnection', { description: '队伍不达标的村（社区）的分页列表（Relay 连接，按游标向后翻页）' })
export class TeamShortfallConnection extends Connection(TeamShortfallModel, 'TeamShortfall') {}

@ObjectType('TownshipVillageCoverage', { description: '一个乡镇的村（社区）消防工作覆盖情况（ORG-6）' })
export class TownshipCoverageModel {
  @Field(() => RegionModel, { description: '乡镇' }) township: RegionModel;
  @Field(() => Int, { description: '村（社区）数' }) villages: number;
  @Field(() => Int, { description: '有消防安全管理人的' }) withManager: number;
  @Field(() => Int, { description: '有防火公约的' }) withPledge: number;
  @Field(() => Int, { description: '有志愿消防队或微型消防站的' }) withTeam: number;
  @Field(() => Int, { description: '有志愿消防队的' }) volunteerTeams: number;
  @Field(() => Int, { description: '有微型消防站的' }) microStations: number;
  /** The township's villages lacking each element, in the villages' order (sort order, id): paged by the fields. */
  readonly lists: { lackingManager: RegionModel[]; lackingPledge: RegionModel[]; lackingTeam: RegionModel[]; shortTeams: TeamShortfallModel[] };
}
@ObjectType('TownshipVillageCoverageConnection', { description: '各乡镇的村（社区）消防工作覆盖情况的分页列表（Relay 连接，按游标向后翻页）' })
export class TownshipCoverageConnection extends Connection(TownshipCoverageModel, 'TownshipVillageCoverage') {}

@InputType({ description: '登记村（社区）消防安全管理人（ORG-6）' })
export class SetVillageManagerInput {
  @IdField({ description: '村（社区）' }) villageId: string;
  @TextField(50, { description: '姓名' }) name: string;
  @TextField(20, { description: '电话（加密存储，脱敏显示）' }) phone: string;
  @DateField({ optional: true, description: '确定日期（不晚于今天）' }) appointedOn?: string;
  @IntField(0, 2_000_000_000, { optional: true, description: '读取时的版本号' }) expectedVersion?: number;
  @TextField(500, { optional: true, description: '更正原因：替换已登记的内容时必填（原值保留在更正记录中），首次登记可不填' }) reason?: string;
}

@InputType({ description: '登记村（社区）防火公约（ORG-6）' })
export class RecordVillagePledgeInput {
  @IdField({ description: '村（社区）' }) villageId: string;
  @DateField({ description: '通过日期（不晚于今天）' }) adoptedOn: string;
  @ListField(() => AttachmentInput, 10, { optional: true, description: '公约文本或照片，最多 10 个（替换原有的）' }) attachments?: AttachmentInput[];
  @IntField(0, 2_000_000_000, { optional: true, description: '读取时的版本号（不符则为 CONFLICT）' }) expectedVersion?: number;
  @TextField(500, { optional: true, description: '更正原因：替换已登记的内容时必填（原值保留在更正记录中），首次登记可不填' }) reason?: string;
}

@InputType('TeamMemberInput', { description: '一名队员' })
export class TeamMemberInput {
  @TextField(50, { description: '姓名（队内不重名）' }) name: string;
  @BoolField({ description: '是否经过消防培训' }) trained: boolean;
}

@InputType('EquipmentInput', { description: '一种器材装备' })
export class EquipmentInput {
  @TextField(100, { description: '名称' }) name: string;
  @IntField(1, 100_000, { description: '数量' }) quantity: number;
}

@InputType({ description: '登记村（社区）消防队伍：志愿消防队、微型消防站或无（ORG-6）' })
export class SetVillageTeamInput {
  @IdField({ description: '村（社区）' }) villageId: string;
  @EnumField(TeamKind, { description: '队伍类别；NONE 时不填名称、负责人、队员和装备' }) kind: TeamKind;
  @TextField(100, { optional: true, description: '队伍名称' }) name?: string;
  @TextField(50, { optional: true, description: '队长或站长' }) head?: string;
  @ListField(() => TeamMemberInput, MAX_LIST_ARGUMENT, { optional: true, description: '队员，最多 100 人（替换原有的）' }) members?: TeamMemberInput[];
  @ListField(() => EquipmentInput, 100, { optional: true, description: '器材装备，最多 100 种（替换原有的）' }) equipment?: EquipmentInput[];
  @IntField(0, 2_000_000_000, { optional: true, description: '读取时的版本号（不符则为 CONFLICT）' }) expectedVersion?: number;
  @TextField(500, { optional: true, description: '更正原因：替换已登记的内容时必填（原值保留在更正记录中），首次登记可不填' }) reason?: string;
}

@InputType({ description: '登记对村（社区）的指导（ORG-6）' })
export class RecordGuidanceVisitInput {
  @IdField({ description: '村（社区）' }) villageId: string;
  @DateField({ description: '指导日期（不晚于今天）' }) visitedOn: string;
  @TextListField(10, 50, { min: 1, description: '指导人员，1 至 10 人（最多 10 人）' }) visitors: string[];
  @TextField(5000, { description: '指导内容' }) content: string;
  @TextField(5000, { optional: true, description: '发现的问题' }) findings?: string;
  @ListField(() => AttachmentInput, 20, { optional: true, description: '附件，最多 20 个' }) attachments?: AttachmentInput[];
}
