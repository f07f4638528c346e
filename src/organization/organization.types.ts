import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsEnum, IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { NOT_BLANK } from '../graphql/input-fields';
import { modelOf } from '../graphql/model';
import { Node } from '../graphql/node';
import { GLOBAL_ID, GLOBAL_ID_DESCRIPTION, VERSION_DESCRIPTION } from './graphql-texts';
import { Organization } from './organization.entity';
import { OrganizationKind } from './organization.enums';

@ObjectType('Organization', { implements: () => [Node], description: '组织机构' })
export class OrganizationModel implements Node {
  @Field(() => ID, { description: GLOBAL_ID_DESCRIPTION }) id: string;
  @Field(() => OrganizationKind, { description: '机构类别' }) kind: OrganizationKind;
  @Field({ description: '名称' }) name: string;
  @Field(() => Int, { nullable: true, description: '编制人数（仅指导中心和工作站）' }) staffQuota: number | null;
  @Field(() => Int, { description: VERSION_DESCRIPTION }) version: number;
  readonly row: Organization;

  static from(row: Organization): OrganizationModel {
    return modelOf(new OrganizationModel(), row, {
      id: toGlobalId('Organization', row.id), kind: row.kind, name: row.name, staffQuota: row.staffQuota, version: row.version,
    });
  }
}
@ObjectType({ description: '组织机构的分页列表' })
export class OrganizationConnection extends Connection(OrganizationModel, 'Organization') {}

@ObjectType('Station', { implements: () => [Node], description: '乡镇消防工作站（依托乡镇消防救援委员会设立，ORG-2）' })
export class StationModel implements Node {
  @Field(() => ID, { description: GLOBAL_ID_DESCRIPTION }) id: string;
  @Field({ description: '名称' }) name: string;
  @Field(() => Int, { description: '编制人数，2 至 3 人（ORG-3）' }) staffQuota: number;
  @Field(() => Int, { description: VERSION_DESCRIPTION }) version: number;
  readonly row: Organization;

  static from(row: Organization): StationModel {
    return modelOf(new StationModel(), row, { id: toGlobalId('Organization', row.id), name: row.name, staffQuota: row.staffQuota!, version: row.version });
  }
}
@ObjectType({ description: '消防工作站的分页列表' })
export class StationConnection extends Connection(StationModel, 'Station') {}

@ObjectType('GuidanceCenter', { implements: () => [Node], description: '县消防工作服务指导中心（依托县消委办设立，ORG-1）' })
export class GuidanceCenterModel implements Node {
  @Field(() => ID, { description: GLOBAL_ID_DESCRIPTION }) id: string;
  @Field({ description: '名称' }) name: string;
  @Field(() => Int, { description: '编制人数（ORG-1：4 人）' }) staffQuota: number;
  @Field(() => Int, { description: VERSION_DESCRIPTION }) version: number;
  readonly row: Organization;

  static from(row: Organization): GuidanceCenterModel {
    return modelOf(new GuidanceCenterModel(), row, { id: toGlobalId('Organization', row.id), name: row.name, staffQuota: row.staffQuota!, version: row.version });
  }
}

/** The GraphQL type an organization row is shown as (`node(id:)` and lists). */
export function organizationNode(row: Organization): StationModel | GuidanceCenterModel | OrganizationModel {
  if (row.kind === OrganizationKind.FIRE_WORK_STATION) return StationModel.from(row);
  if (row.kind === OrganizationKind.GUIDANCE_CENTER) return GuidanceCenterModel.from(row);
  return OrganizationModel.from(row);
}

@InputType({ description: '新增成员单位、政府专职消防站，或补设县、乡镇缺少的按实施方案设立的机构（每个区划各一个）' })
export class CreateOrganizationInput {
  @Field(() => OrganizationKind, { description: 'MEMBER_UNIT、GOVERNMENT_FIRE_STATION，或县、乡镇缺少的委员会、办公室、指导中心、大队、工作站、乡镇政府' }) @IsEnum(OrganizationKind)
  kind: OrganizationKind;

  @Field({ description: '名称' })
  @IsString() @Matches(NOT_BLANK, { message: '名称不能为空' }) @MaxLength(100)
  @Matches(/^[^\u0000-\u001f\u007f]+$/, { message: '不能包含控制字符' })
  name: string;

  @Field(() => ID, { description: '所在县或乡镇' }) @IsString() @MaxLength(200) @IsNotEmpty(GLOBAL_ID)
  regionId: string;

  @Field(() => ID, { nullable: true, description: '成员单位所属的消防救援委员会（县或乡镇），须在同一区划' })
  @IsOptional() @IsString() @MaxLength(200)
  committeeId?: string;

  @Field(() => Int, { nullable: true, description: '补设工作站或指导中心时的编制人数（工作站 2 至 3 人，不填为 2；指导中心不填为 4）' })
  @IsOptional() @IsInt() @Min(1)
  staffQuota?: number;
}
