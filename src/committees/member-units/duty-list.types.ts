import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsEnum, IsString, MaxLength } from 'class-validator';
import { Connection } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import { EnumField, IdField, ListField, TextField } from '../../graphql/input-fields';
import { modelOf } from '../../graphql/model';
import { Node } from '../../graphql/node';
import { DateTimeScalar } from '../../graphql/scalars';
import { MemberUnitDutyList } from '../committee.entity';
import { MemberUnitSector } from '../committees.enums';

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
