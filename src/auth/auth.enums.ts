import { registerEnumType } from '@nestjs/graphql';
import { Permission, PERMISSION_LABELS, Role, ROLE_LABELS } from '../kernel/permissions';

// Role and Permission as GraphQL enums, described by their labels (AuthModule loads this file)
registerEnumType(Role, {
  name: 'Role',
  description: '角色：决定账号拥有的权限（见 docs/authorization.md）',
  valuesMap: Object.fromEntries(Object.values(Role).map((r) => [r, { description: ROLE_LABELS[r] }])),
});

registerEnumType(Permission, {
  name: 'Permission',
  description: '权限：一类操作的许可，只在本账号（密钥）的管辖范围内有效',
  valuesMap: Object.fromEntries(Object.values(Permission).map((p) => [p, { description: PERMISSION_LABELS[p] }])),
});
