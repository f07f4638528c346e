import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { modelOf } from '../graphql/model';
import { PostState } from './personnel.enums';
import type { StaffingEntry } from './personnel.service';

@ObjectType('PipelineCount', { description: '某状态的人数' })
export class PipelineCountModel {
  @Field(() => PostState, { description: '岗位状态' }) state: PostState;
  @Field(() => Int, { description: '处于该状态的人数' }) count: number;
}

@ObjectType('StaffingEntry', { description: '指导中心或工作站的配备情况' })
export class StaffingEntryModel {
  @Field(() => ID, { description: '工作站或指导中心的机构 id' }) organizationId: string;
  @Field({ description: '工作站或指导中心的名称' }) organizationName: string;
  @Field(() => String, { nullable: true, description: '所在乡镇（指导中心为空）' }) townshipName: string | null;
  @Field(() => Int, { description: '编制' }) staffQuota: number;
  @Field(() => Int, { description: '在岗' }) onDuty: number;
  @Field(() => Int, { description: '空岗（逐年补充，如实列出）' }) vacancies: number;
  @Field(() => [PipelineCountModel], { description: '在途：人选、已选调、培训中、考试合格/不合格，共 5 条（每个状态一条，最多 5 条）' }) pipeline: PipelineCountModel[];
  /** How many deviations are in force (the `deviationsInForce` connection pages them; the export counts them). */
  deviationsInForceCount: number;
  readonly row: StaffingEntry;

  static from(e: StaffingEntry): StaffingEntryModel {
    return modelOf(new StaffingEntryModel(), e, {
      organizationId: toGlobalId('Organization', e.organization.id),
      organizationName: e.organization.name,
      townshipName: e.township?.name ?? null,
      staffQuota: e.organization.staffQuota ?? 0,
      onDuty: e.onDuty,
      vacancies: Math.max(0, (e.organization.staffQuota ?? 0) - e.onDuty),
      pipeline: e.pipeline,
      deviationsInForceCount: e.deviationsInForce,
    });
  }
}
@ObjectType('StaffingEntryConnection', { description: '配备情况的分页列表（按区划排列，每个单位一条）' })
export class StaffingEntryConnection extends Connection(StaffingEntryModel, 'StaffingEntry') {}
