import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsEnum, IsInt, Max, Min } from 'class-validator';
import { DateField } from '../graphql/input-fields';
import { CalendarDateScalar } from '../graphql/scalars';
import { PersonnelPolicy } from './personnel-policy.entity';
import { Education } from './personnel.enums';

@ObjectType('PersonnelPolicy', { description: '人员政策参数（版本化）' })
export class PersonnelPolicyModel {
  @Field(() => Int, { description: '版本号' }) version: number;
  @Field(() => CalendarDateScalar, { description: '生效日期' }) effectiveFrom: string;
  @Field(() => Int, { description: '选调之日的最小年龄（周岁，含，PER-3）' }) minAge: number;
  @Field(() => Int, { description: '选调之日的最大年龄（周岁，含，PER-3）' }) maxAge: number;
  @Field(() => Education, { description: '最低学历（PER-5）' }) minEducation: Education;
  @Field(() => Int, { description: '岗前考试合格线' }) examPassMark: number;

  static from(row: PersonnelPolicy): PersonnelPolicyModel {
    return Object.assign(new PersonnelPolicyModel(), {
      version: row.version, effectiveFrom: row.effectiveFrom, minAge: row.minAge, maxAge: row.maxAge, minEducation: row.minEducation, examPassMark: row.examPassMark,
    });
  }
}

@InputType({ description: '发布人员政策新版本（县消委办）' })
export class PublishPersonnelPolicyInput {
  @DateField({ description: '生效日期（不早于今天，也不早于现行版本的生效日期）' }) effectiveFrom: string;
  @Field(() => Int, { description: '选调之日的最小年龄（周岁，含，16–70，PER-3）' }) @IsInt() @Min(16) @Max(70) minAge: number;
  @Field(() => Int, { description: '选调之日的最大年龄（周岁，含，16–70，不小于最小年龄，PER-3）' }) @IsInt() @Min(16) @Max(70) maxAge: number;
  @Field(() => Education, { description: '最低学历（PER-5）' }) @IsEnum(Education) minEducation: Education;
  @Field(() => Int, { description: '岗前考试合格线（0–100，PER-7）' }) @IsInt() @Min(0) @Max(100) examPassMark: number;
}
