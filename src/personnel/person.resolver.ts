import { Args, ArgsType, Field, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Allow } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { can } from '../kernel/can';
import { Clock } from '../common/clock';
import { CorrectionService } from '../corrections/correction.service';
import { RecordCorrectionConnection, RecordCorrectionModel } from '../corrections/correction.types';
import { CorrectedRecord } from '../corrections/record-correction.entity';
import { mapConnection, PageArgs } from '../graphql/connection';
import { Ctx } from '../graphql/context.decorator';
import { NotFoundError } from '../kernel/errors';
import type { RequestContext } from '../kernel/request-context';
import { UpdatedSinceField } from '../graphql/updated-since';
import { OrganizationService } from '../organization/organization.service';
import { RegionModel } from '../organization/region.types';
import { RuleVerdictModel } from './eligibility.types';
import { CreatePersonInput, PersonConnection, PersonModel, PersonPersonalDataModel, UpdatePersonInput, UpdatePersonPayload } from './person.types';
import { PersonnelService } from './personnel.service';
import { PostConnection, PostModel } from './post.types';

@ArgsType()
class PeopleArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: '只列出该区划（含下级）登记的人员' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
  @UpdatedSinceField() updatedSince?: Date;
}

/** People: the list, registering and correcting a person (its eligibility checked again), the unmasked personal data. */
@Resolver()
export class PersonResolver {
  constructor(private readonly service: PersonnelService, private readonly clock: Clock) {}

  @Allow(Permission.PERSONNEL_READ)
  @Query(() => PersonConnection, { description: '人员列表（本辖区；个人信息脱敏）' })
  async people(@Ctx() ctx: RequestContext, @Args() args: PeopleArgs): Promise<PersonConnection> {
    const today = this.clock.today();
    return mapConnection(await this.service.people(ctx, args, args.regionId, args.updatedSince), (p) => PersonModel.from(p, today)) as PersonConnection;
  }

  @Allow(Permission.PERSONAL_DATA_UNMASK, { outside: 'NOT_FOUND' })
  @Query(() => PersonPersonalDataModel, { description: '查看人员未脱敏的身份证号、手机号（每次记入审计日志）' })
  personPersonalData(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID, description: '人员 id' }) id: string): Promise<PersonPersonalDataModel> {
    return this.service.revealPersonalData(ctx, id);
  }

  @Allow(Permission.PERSONNEL_MANAGE)
  @Mutation(() => PersonModel, { description: '登记人员（身份证号按 GB 11643-1999 校验，须与出生日期、性别一致）' })
  async createPerson(@Ctx() ctx: RequestContext, @Args('input', { description: '要登记的人员' }) input: CreatePersonInput): Promise<PersonModel> {
    return PersonModel.from(await this.service.createPerson(ctx, input), this.clock.today());
  }

  @Allow(Permission.PERSONNEL_MANAGE, { outside: 'NOT_FOUND' })
  @Mutation(() => UpdatePersonPayload, { description: '更正人员记录（须写明原因，按读取时的版本；每处更正保留原值，重新审查选调条件 PER-1 至 PER-9；可补录 PER-6 评价）' })
  async updatePerson(@Ctx() ctx: RequestContext, @Args('input', { description: '人员、版本、原因和要更正的项' }) input: UpdatePersonInput): Promise<UpdatePersonPayload> {
    const { person, eligibility } = await this.service.updatePerson(ctx, input);
    return { person: PersonModel.from(person, this.clock.today()), eligibility: eligibility ? { ...eligibility, verdicts: eligibility.verdicts.map(RuleVerdictModel.from) } : null };
  }
}

@Resolver(() => PersonModel)
export class PersonFieldsResolver {
  constructor(
    private readonly service: PersonnelService,
    private readonly organizations: OrganizationService,
    private readonly history: CorrectionService,
  ) {}

  @Allow(Permission.PERSONNEL_READ)
  @ResolveField(() => RecordCorrectionConnection, { description: '更正记录：每处更正的原值、新值、原因、更正人和时间（由早到晚，分页）' })
  async corrections(@Ctx() ctx: RequestContext, @Parent() p: PersonModel, @Args() page: PageArgs): Promise<RecordCorrectionConnection> {
    return mapConnection(await this.history.pages(ctx, CorrectedRecord.PERSON, page).load(p.row.id), RecordCorrectionModel.from) as RecordCorrectionConnection;
  }

  @Allow(Permission.PERSONNEL_READ)
  @ResolveField(() => Int, { nullable: true, description: '今天的周岁年龄：仅对有权查看未脱敏个人信息的账号显示，其他账号为空（见 ageBand）' })
  age(@Ctx() ctx: RequestContext, @Parent() p: PersonModel): number | null {
    // an exact age beside the masked id leaves a few dozen possible ids: the band only, unless the caller may unmask
    return can(ctx, Permission.PERSONAL_DATA_UNMASK) ? p.exactAge : null;
  }

  @Allow(Permission.PERSONNEL_READ)
  @ResolveField(() => RegionModel, { description: '登记的区划' })
  async region(@Ctx() ctx: RequestContext, @Parent() p: PersonModel): Promise<RegionModel> {
    const row = await this.organizations.regionById(ctx).load(p.row.regionId);
    if (!row) throw new NotFoundError('行政区划');
    return RegionModel.from(row);
  }

  @Allow(Permission.PERSONNEL_READ)
  @ResolveField(() => PostConnection, { description: '岗位（含已结束的，由早到晚，分页）' })
  async posts(@Ctx() ctx: RequestContext, @Parent() p: PersonModel, @Args() page: PageArgs): Promise<PostConnection> {
    return mapConnection(await this.service.postPages(ctx, page).load(p.row.id), PostModel.from) as PostConnection;
  }
}
