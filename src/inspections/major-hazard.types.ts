import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { DateField, EnumField, IntField, ListField, MAX_LIST_ARGUMENT, TextField } from '../graphql/input-fields';
import { CalendarDateScalar } from '../graphql/scalars';
import { CatalogueItemKind, PremisesKind } from './inspections.enums';
import { MajorHazardCatalogueItem, MajorHazardThreshold } from './major-hazard.entity';

@ObjectType('MajorHazardCatalogueItem', { description: '重大火灾隐患判定项' })
export class MajorHazardCatalogueItemModel {
  @Field({ description: '判定标准版本，如 GB 35181-2025' }) edition: string;
  @Field({ description: '条款编号，如 5.4' }) code: string;
  @Field(() => CatalogueItemKind, { description: '直接判定要素或综合判定要素' }) kind: CatalogueItemKind;
  @Field({ description: '判定要素（标准原文）' }) text: string;
  @Field(() => CalendarDateScalar, { description: '该版本生效日期' }) validFrom: string;
  @Field(() => CalendarDateScalar, { nullable: true, description: '该版本停止适用的日期（含）；现行版本为空' }) validTo: string | null;

  static from(row: MajorHazardCatalogueItem): MajorHazardCatalogueItemModel {
    return Object.assign(new MajorHazardCatalogueItemModel(), { edition: row.edition, code: row.code, kind: row.kind, text: row.text, validFrom: row.validFrom, validTo: row.validTo });
  }
}

@ObjectType('MajorHazardThreshold', { description: '综合判定：构成疑似重大隐患所需的综合判定要素数' })
export class MajorHazardThresholdModel {
  @Field({ description: '判定标准版本' }) edition: string;
  @Field(() => PremisesKind, { description: '场所类别' }) premisesKind: PremisesKind;
  @Field(() => Int, { description: '构成疑似重大火灾隐患所需的综合判定要素数' }) compositeCount: number;

  static from(row: MajorHazardThreshold): MajorHazardThresholdModel {
    return Object.assign(new MajorHazardThresholdModel(), row);
  }
}

@ObjectType('MajorHazardCatalogue', { description: '某日生效的重大火灾隐患判定标准' })
export class MajorHazardCatalogueModel {
  @Field(() => [MajorHazardCatalogueItemModel], { description: '判定项（按条款编号，一个版本最多 100 项）' }) items: MajorHazardCatalogueItemModel[];
  @Field(() => [MajorHazardThresholdModel], { description: '各类场所的综合判定阈值（每类场所一项，最多 10 项）' }) thresholds: MajorHazardThresholdModel[];
}

@InputType('CatalogueItemInput', { description: '重大火灾隐患判定项' })
export class CatalogueItemInput {
  @TextField(20, { description: '条款编号，如 5.4' }) code: string;
  @EnumField(CatalogueItemKind, { description: '直接判定要素或综合判定要素' }) kind: CatalogueItemKind;
  @TextField(1000, { description: '判定要素（标准原文）' }) text: string;
}

@InputType('CatalogueThresholdInput', { description: '一类场所的综合判定阈值' })
export class CatalogueThresholdInput {
  @EnumField(PremisesKind, { description: '场所类别' }) premisesKind: PremisesKind;
  @IntField(1, 50, { description: '构成疑似重大火灾隐患所需的综合判定要素数' }) compositeCount: number;
}

@InputType({ description: '发布（或补全）重大火灾隐患判定标准的一个版本' })
export class PublishMajorHazardCatalogueInput {
  @TextField(50, { description: '版本，如 GB 35181-2025' }) edition: string;
  @DateField({ description: '生效日期' }) validFrom: string;
  @ListField(() => CatalogueItemInput, MAX_LIST_ARGUMENT, { min: 1, description: '判定项（1 至 100 项，条款编号不重复）' }) items: CatalogueItemInput[];
  @ListField(() => CatalogueThresholdInput, 10, { min: 1, description: '各类场所的综合判定阈值（每类场所一项）' }) thresholds: CatalogueThresholdInput[];
}
