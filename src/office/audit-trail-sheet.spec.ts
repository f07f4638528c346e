import { AuditOutcome } from '../auth/audit-entry.entity';
import { buildSchema } from 'graphql';
import { AUDIT_TRAIL_COLUMNS, auditSummaryText, auditTrailRow, operationNamer } from './audit-trail-sheet';

describe('the audit trail as printed', () => {
  it('writes a summary as 「键：值」 lines, a change as 「旧 → 新」, with no JSON braces or quotes', () => {
    expect(auditSummaryText({ after: { filename: '审计记录.xlsx', bytes: 1200, from: '2026-12-01T00:00:00+08:00', dryRun: false } }))
      .toBe('文件名：审计记录.xlsx\n字节数：1200\n开始时间：2026-12-01T00:00:00+08:00\n试运行：否');
    expect(auditSummaryText({ before: { status: 'OPEN', version: 2 }, after: { status: 'RECTIFIED', version: 3, note: null } }))
      .toBe('状态：OPEN → RECTIFIED\n版本：2 → 3\n备注：（空）');
    const nested = auditSummaryText({ after: { permissions: ['INSPECTION_READ', 'WARNING_READ'], input: { regionId: 'UmVnaW9uOjE=', items: [{ code: 'A1' }] }, customKey: 'x' }, stage: 'BEFORE_EXECUTION' });
    expect(nested).toBe('权限：INSPECTION_READ、WARNING_READ\n输入：区划 UmVnaW9uOjE=，条目 代码 A1\ncustomKey：x\n阶段：BEFORE_EXECUTION');
    expect(nested).not.toMatch(/[{}"[\]]/);
    expect(auditSummaryText(null)).toBe('');
    expect(auditSummaryText({ before: { removed: 'a' } })).toBe('removed：a → （删除）');
  });

  it('names an operation by its root field description\'s first clause, an event by its word, else nothing', () => {
    const schema = buildSchema(`
      type Query { """审计日志（AUDIT_LOG_READ）：按时间倒序""" auditLog: Int  hazards: Int }
      type Mutation { """登记隐患；整改期限按 T-INS-2""" reportHazard: Int }
    `);
    const nameOf = operationNamer(schema);
    expect(nameOf('reportHazard')).toBe('登记隐患');
    expect(nameOf('auditLog')).toBe('审计日志');
    expect(nameOf('ACCOUNT_LOCKED')).toBe('账号锁定');
    expect(nameOf('exportAuditTrail')).toBe('导出审计记录');
    expect(nameOf('hazards')).toBeNull(); // no description
    expect(nameOf('reportHazard,auditLog')).toBe('登记隐患、审计日志');
    expect(nameOf('MyClientOperation')).toBeNull();
    expect(operationNamer(null)('reportHazard')).toBeNull();
  });

  it('keeps in each row what verifying the chain needs: the time, the sequence and the whole MAC', () => {
    const at = new Date('2026-12-07T01:02:03Z');
    const mac = 'ab'.repeat(32);
    const row = auditTrailRow({
      at, actorKind: 'API_KEY', actorLabel: 'key:县平台', address: '10.0.0.1', requestId: 'req-1', clientRequestId: 'c-1', operation: 'reportHazard',
      targetType: 'Hazard', targetId: '7', outcome: AuditOutcome.DENIED, errorCode: 'FORBIDDEN', summary: null, chainSeq: '42', mac,
    }, () => '登记隐患');
    expect(row).toEqual([at, 'key:县平台\n（密钥）', '10.0.0.1', '登记隐患\nreportHazard', '拒绝\nFORBIDDEN', 'Hazard\n7', '', 'req-1\n客户端：c-1', '42', mac]);
    expect(row.length).toBe(AUDIT_TRAIL_COLUMNS.length);
    // one A4 landscape page's width at about 9 pt: the widths are fixed, not fitted to a long value
    expect(AUDIT_TRAIL_COLUMNS.every((c) => c.maxWidth === c.width)).toBe(true);
    expect(AUDIT_TRAIL_COLUMNS.reduce((sum, c) => sum + c.width!, 0)).toBeLessThanOrEqual(170);
  });
});
