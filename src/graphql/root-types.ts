import type { GraphQLSchema } from 'graphql';

/**
 * Descriptions of the root types, which code-first declares nowhere else (their fields come from every resolver):
 * every type of the contract is described, these two included.
 */
export function describeRootTypes(schema: GraphQLSchema): GraphQLSchema {
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  if (query) query.description = '查询入口：消防救援委员会实体化运行平台的全部读取操作（组织机构、人员、检查与隐患、培训、考评、账号与审计）；除 login 外均须登录或使用 API 密钥';
  if (mutation) mutation.description = '变更入口：每个变更是一个数据库事务，要么全部写入并返回结果，要么拒绝且什么都不写；均记入审计日志';
  return schema;
}
