import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook delivery: the warning rule the delivery worker raises when it disables a subscription after a run of
 * failures (WEBHOOK_DISABLED, `webhook.disabled`, orange), for the committee office.
 */
export class WebhookDelivery1766289600000 implements MigrationInterface {
  name = 'WebhookDelivery1766289600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE warning_rule DROP CONSTRAINT ck_warning_rule_kind`);
    await q.query(`ALTER TABLE warning_rule ADD CONSTRAINT ck_warning_rule_kind CHECK (kind IN (
      'HAZARD_DUE_SOON', 'HAZARD_OVERDUE', 'MAJOR_HAZARD_OVERDUE', 'TOWNSHIP_OVERDUE_COUNT', 'FATAL_FIRE_RECENT', 'COMPLAINT_CHECK_DUE',
      'RISK_POINT_LEVEL', 'TASK_OVERDUE', 'WEBHOOK_DISABLED'))`);
    await q.query(`INSERT INTO warning_rule (code, kind, name, level, params, enabled, updated_by, version)
     VALUES ('webhook.disabled', 'WEBHOOK_DISABLED', '事件订阅推送连续失败已自动停用', 'ORANGE', '{}', true, 'system:migration', 1)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM warning WHERE rule_code IN (SELECT code FROM warning_rule WHERE kind = 'WEBHOOK_DISABLED')`);
    await q.query(`DELETE FROM warning_rule WHERE kind = 'WEBHOOK_DISABLED'`);
    await q.query(`ALTER TABLE warning_rule DROP CONSTRAINT ck_warning_rule_kind`);
    await q.query(`ALTER TABLE warning_rule ADD CONSTRAINT ck_warning_rule_kind CHECK (kind IN (
      'HAZARD_DUE_SOON', 'HAZARD_OVERDUE', 'MAJOR_HAZARD_OVERDUE', 'TOWNSHIP_OVERDUE_COUNT', 'FATAL_FIRE_RECENT', 'COMPLAINT_CHECK_DUE',
      'RISK_POINT_LEVEL', 'TASK_OVERDUE'))`);
  }
}
