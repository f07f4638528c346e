import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { mapConnection, PageArgs } from '../graphql/connection';
import { Ctx } from '../graphql/context.decorator';
import type { RequestContext } from '../kernel/request-context';
import { Allow } from '../kernel/access.decorators';
import { ApiKeyService } from './api-key.service';
import { ApiKeyConnection, ApiKeyModel, CreateApiKeyInput, CreateApiKeyPayload, RevokeApiKeyInput } from './api-key.types';
import { Permission } from '../kernel/permissions';

/** API keys of the systems that connect (SECURITY_ADMIN). */
@Resolver()
export class ApiKeyResolver {
  constructor(private readonly keys: ApiKeyService) {}

  @Allow(Permission.API_KEY_MANAGE)
  @Query(() => ApiKeyConnection, { description: 'API 密钥列表（本辖区）' })
  async apiKeys(@Ctx() ctx: RequestContext, @Args() args: PageArgs): Promise<ApiKeyConnection> {
    return mapConnection(await this.keys.list(ctx, args), ApiKeyModel.from) as ApiKeyConnection;
  }

  @Allow(Permission.API_KEY_MANAGE)
  @Mutation(() => CreateApiKeyPayload, { description: '新建 API 密钥；完整密钥只返回这一次' })
  async createApiKey(@Ctx() ctx: RequestContext, @Args('input', { description: '名称、权限、区划和到期时间' }) input: CreateApiKeyInput): Promise<CreateApiKeyPayload> {
    const { key, secret } = await this.keys.create(ctx, input);
    return { apiKey: ApiKeyModel.from(key), secret };
  }

  @Allow(Permission.API_KEY_MANAGE, { outside: 'NOT_FOUND' })
  @Mutation(() => ApiKeyModel, { description: '吊销 API 密钥（立即失效）' })
  async revokeApiKey(@Ctx() ctx: RequestContext, @Args('input', { description: '密钥' }) input: RevokeApiKeyInput): Promise<ApiKeyModel> {
    return ApiKeyModel.from(await this.keys.revoke(ctx, input.id));
  }
}
