import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { toGlobalId } from '../graphql/global-id';
import { EnumField, ListField, TextField } from '../graphql/input-fields';
import { Node } from '../graphql/node';
import { DateTimeScalar } from '../graphql/scalars';
import { ChecklistTemplate } from './checklist.entity';
import { PremisesKind } from './inspections.enums';

@ObjectType('ChecklistItem', { description: '检查表中的一个检查项' })
export class ChecklistItemModel {
  @Field({ description: '检查项编号，如 SV-01' }) code: string;
  @Field({ description: '检查内容' }) text: string;
}

@ObjectType('ChecklistTemplate', { implements: () => [Node], description: '检查表（按场所类别，版本化；检查记录保留所用版本）' })
export class ChecklistTemplateModel implements Node {
  @Field(() => ID, { description: '全局标识' }) id: string;
  @Field(() => PremisesKind, { description: '适用的场所类别' }) premisesKind: PremisesKind;
  @Field(() => Int, { description: '版本号（同类场所从 1 递增）' }) version: number;
  @Field({ description: '检查表名称' }) title: string;
  @Field(() => [ChecklistItemModel], { description: '检查项（按发布顺序，最多 100 项）' }) items: ChecklistItemModel[];
  @Field(() => DateTimeScalar, { description: '发布时间' }) createdAt: Date;

  static from(row: ChecklistTemplate): ChecklistTemplateModel {
    return Object.assign(new ChecklistTemplateModel(), { id: toGlobalId('ChecklistTemplate', row.id), premisesKind: row.premisesKind, version: row.version, title: row.title, items: row.items, createdAt: row.createdAt });
  }
}

@InputType('ChecklistItemInput', { description: '检查表中的一个检查项' })
export class ChecklistItemInput {
  @TextField(20, { description: '检查项编号（表内唯一）' }) code: string;
  @TextField(300, { description: '检查内容' }) text: string;
}

@InputType({ description: '发布检查表新版本' })
export class PublishChecklistTemplateInput {
  @EnumField(PremisesKind, { description: '适用的场所类别' }) premisesKind: PremisesKind;
  @TextField(100, { description: '检查表名称' }) title: string;
  @ListField(() => ChecklistItemInput, 100, { min: 1, description: '检查项（1 至 100 项）' }) items: ChecklistItemInput[];
}
