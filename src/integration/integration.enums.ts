import { registerEnum as register } from '../graphql/enums';

export enum WebhookState {
  ACTIVE = 'ACTIVE',
  DISABLED = 'DISABLED',
}
register(WebhookState, 'WebhookState', '订阅状态', { ACTIVE: '启用（推送中）', DISABLED: '已停用（连续推送失败或手动停用；恢复后从停下处继续推送）' });

export enum WebhookRecipient {
  COUNTY_SYSTEM = 'COUNTY_SYSTEM',
  DISCIPLINE_COMMISSION = 'DISCIPLINE_COMMISSION',
}
register(WebhookRecipient, 'WebhookRecipient', '订阅的接收方', {
  COUNTY_SYSTEM: '县内其他业务系统',
  DISCIPLINE_COMMISSION: '县纪委监委（问责案件、延伸调查送达后记录送达时间）',
});

export enum WebhookDeliveryState {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}
register(WebhookDeliveryState, 'WebhookDeliveryState', '推送状态', {
  PENDING: '待推送或重试中',
  DELIVERED: '已送达（接收方回复 2xx）',
  FAILED: '已放弃（重试期满仍失败，可手动重推）',
});
