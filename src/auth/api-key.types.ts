import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDate, IsEnum, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { NO_CONTROL, NOT_BLANK } from '../graphql/input-fields';
import { modelOf } from '../graphql/model';
import { DateTimeScalar } from '../graphql/scalars';
import { ApiKey } from './api-key.entity';
import { Permission, Role, ROLE_PERMISSIONS } from '../kernel/permissions';

/** What an API key can hold at most: INTEGRATION's permissions, each once (ApiKeyService checks and dedupes). */
const API_KEY_MAX_PERMISSIONS = ROLE_PERMISSIONS[Role.INTEGRATION].length;

@ObjectType('ApiKey', { description: '对接系统的 API 密钥' })
export class ApiKeyModel {
  @Field(() => ID, { description: '全局标识' }) id: string;
  @Field({ description: '名称（对接系统）' }) name: string;
  @Field({ description: '密钥前缀（用于辨认，不是密钥本身）' }) prefix: string;
  @Field(() => [Permission], { description: `授予的权限（在 INTEGRATION 角色的权限之内，不重复，最多 ${API_KEY_MAX_PERMISSIONS} 项），只在密钥的区划（含下级）内有效；写入类权限的每次变更须带 Idempotency-Key 请求头` })
  permissions: Permission[];
  @Field(() => DateTimeScalar, { description: '创建时间' }) createdAt: Date;
  @Field({ description: '创建人' }) createdBy: string;
  @Field(() => DateTimeScalar, { nullable: true, description: '到期时间；为空（早先创建、未设到期时间的密钥）则长期有效，直到吊销' }) expiresAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '吊销时间；未吊销时为空' }) revokedAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '最近使用时间（精确到分钟）' }) lastUsedAt: Date | null;
  readonly row: ApiKey;

  static from(row: ApiKey): ApiKeyModel {
    return modelOf(new ApiKeyModel(), row, {
      id: toGlobalId('ApiKey', row.id),
      name: row.name,
      prefix: row.prefix,
      permissions: row.permissions,
      createdAt: row.createdAt,
      createdBy: row.createdBy,
      expiresAt: row.expiresAt,
      revokedAt: row.revokedAt,
      lastUsedAt: row.lastUsedAt,
    });
  }
}
@ObjectType('ApiKeyConnection', { description: 'API 密钥列表' })
export class ApiKeyConnection extends Connection(ApiKeyModel, 'ApiKey') {}

@ObjectType('CreateApiKeyPayload', { description: '新建的 API 密钥；secret 只显示这一次' })
export class CreateApiKeyPayload {
  @Field(() => ApiKeyModel, { description: '新建的密钥' }) apiKey: ApiKeyModel;
  @Field({ description: '完整密钥，放在 Authorization: Bearer 请求头中；系统只保存其散列' }) secret: string;
}

@InputType({ description: '新建 API 密钥（安全管理员）' })
export class CreateApiKeyInput {
  @Field({ description: '名称：对接的系统' }) @IsString() @Matches(NOT_BLANK, { message: '请填写名称' }) @Matches(NO_CONTROL, { message: '不能包含控制字符' }) @MaxLength(100)
  name: string;
  @Field(() => [Permission], { description: `授予的权限（须在 INTEGRATION 角色的权限之内，共 ${API_KEY_MAX_PERMISSIONS} 项，含登记隐患、检查、火灾、活动等写入权限；重复的只算一次）` })
  @IsArray() @ArrayMinSize(1, { message: '至少授予一项权限' }) @ArrayMaxSize(50) @IsEnum(Permission, { each: true })
  permissions: Permission[];
  @Field(() => ID, { description: '可访问的区划（含下级）' }) @IsString() @MaxLength(200) regionId: string;
  @Field(() => DateTimeScalar, { nullable: true, description: '到期时间：晚于现在，至多 366 天后（时间规则 T-KEY-1）；不填则为 366 天后' })
  @IsOptional() @IsDate()
  expiresAt?: Date;
}

@InputType({ description: '吊销 API 密钥' })
export class RevokeApiKeyInput {
  @Field(() => ID, { description: '密钥' }) @IsString() @MaxLength(200) id: string;
}
