/** Descriptions and messages the organization's GraphQL types share. */
export const GLOBAL_ID_DESCRIPTION = '全局标识（可用于 node(id:)）';
export const VERSION_DESCRIPTION = '版本号（修改时用于防止覆盖他人的更改）';
/** The message of a missing id (`IsNotEmpty`). */
export const GLOBAL_ID = { message: '不是有效的标识' };
