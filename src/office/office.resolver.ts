import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, SignedIn } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { PageArgs } from '../graphql/connection';
import { Ctx } from '../graphql/context.decorator';
import type { RequestContext } from '../kernel/request-context';
import { ImportKind } from './import-kinds';
import { ImportService } from './import.service';
import { ImportInput, ImportJobArgs, ImportJobModel, ImportProblemConnection, problemPage } from './office.types';

/**
 * Spreadsheet imports (docs/office.md): one mutation per kind, each with the permission of the records it creates. The
 * answer is the job at its start; `importJob(id)` gives its progress and, once done, every bad row.
 */
@Resolver(() => ImportJobModel)
export class OfficeResolver {
  constructor(private readonly imports: ImportService) {}

  @Mutation(() => ImportJobModel, { description: '导入村（社区）及消防安全管理人（ORG-6）；模板：GET /office/templates/villages.xlsx' })
  @Allow(Permission.VILLAGE_GUIDANCE_MANAGE)
  async importVillages(@Ctx() ctx: RequestContext, @Args('input', { description: '已上传的文件、导入范围和是否试导入' }) input: ImportInput): Promise<ImportJobModel> {
    return ImportJobModel.from(await this.imports.start(ctx, ImportKind.VILLAGES, input));
  }

  @Mutation(() => ImportJobModel, { description: '导入场所（INS-1）；模板：GET /office/templates/premises.xlsx' })
  @Allow(Permission.PREMISES_MANAGE)
  async importPremises(@Ctx() ctx: RequestContext, @Args('input', { description: '已上传的文件、导入范围和是否试导入' }) input: ImportInput): Promise<ImportJobModel> {
    return ImportJobModel.from(await this.imports.start(ctx, ImportKind.PREMISES, input));
  }

  @Mutation(() => ImportJobModel, { description: '导入人选：登记人员并提名为工作站（指导中心）人选（PER-1）；模板：GET /office/templates/candidates.xlsx' })
  @Allow(Permission.PERSONNEL_MANAGE)
  async importCandidates(@Ctx() ctx: RequestContext, @Args('input', { description: '已上传的文件、导入范围和是否试导入' }) input: ImportInput): Promise<ImportJobModel> {
    return ImportJobModel.from(await this.imports.start(ctx, ImportKind.CANDIDATES, input));
  }

  @Query(() => ImportJobModel, { description: '导入任务的进度和结果（本人发起的，或本辖区内有相应导入权限的）' })
  @SignedIn()
  async importJob(@Ctx() ctx: RequestContext, @Args() args: ImportJobArgs): Promise<ImportJobModel> {
    return ImportJobModel.from(await this.imports.job(ctx, args.id));
  }

  // a file of 10,000 rows can have as many problems: a page at a time, cut from the job already read
  @ResolveField(() => ImportProblemConnection, { description: '全部错误，按行号（分页）' })
  @SignedIn()
  problems(@Parent() job: ImportJobModel, @Args() args: PageArgs): ImportProblemConnection {
    return problemPage(job.row.problems, args) as ImportProblemConnection;
  }
}
