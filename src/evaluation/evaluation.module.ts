import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AttachmentsModule } from '../attachments/attachments.module';
import { AuthModule } from '../auth/auth.module';
import { Permission } from '../kernel/permissions';
import { regionalNodes } from '../auth/work-scope';
import { NodeRegistry } from '../graphql/node';
import { OrganizationModule } from '../organization/organization.module';
import { OrganizationService } from '../organization/organization.service';
import { PersonnelModule } from '../personnel/personnel.module';
import { PersonnelService } from '../personnel/personnel.service';
import { PeriodKind, periodLabel, periodRange } from '../common/period';
import { TrainingModule } from '../training/training.module';
import { AccountabilityCase } from './accountability-case.entity';
import { AccountabilityCaseFieldsResolver, AccountabilityCaseResolver } from './accountability-case.resolver';
import { AccountabilityCaseModel } from './accountability-case.types';
import { AppraisalResolver } from './appraisal.resolver';
import { DutyReport } from './duty-report.entity';
import { DutyReportFieldsResolver, DutyReportResolver } from './duty-report.resolver';
import { DutyReportModel } from './duty-report.types';
import { EvaluationInputsService } from './evaluation-inputs.service';
import { EvaluationPolicyResolver } from './evaluation-policy.resolver';
import { EvaluationPolicyService } from './evaluation-policy.service';
import { EvaluationReminderResolver } from './evaluation-reminder.resolver';
import { EvaluationResult } from './evaluation.entity';
import { AccountabilitySubjectKind } from './evaluation.enums';
import { EvaluationJob } from './evaluation.job';
import { EvaluationFieldsResolver, EvaluationResolver } from './evaluation.resolver';
import { EvaluationService } from './evaluation.service';
import { EvaluationModel } from './evaluation.types';
import { EvaluationRoster } from './roster';

/**
 * Evaluation (EVA-1 .. EVA-6): the versioned policy, monthly work reports and their two scores (dual management),
 * anonymous democratic appraisal, finalization with breakdowns and corrections, the EXCELLENT cap, accountability
 * cases, and the job that opens periods and reminds. It reads people and posts from personnel and exam results
 * from training, through their exported services: organization < auth < attachments, personnel < training < evaluation.
 */
@Module({
  imports: [OrganizationModule, AuthModule, AttachmentsModule, PersonnelModule, TrainingModule],
  providers: [
    EvaluationPolicyService, EvaluationRoster, EvaluationInputsService, EvaluationService, EvaluationJob,
    EvaluationPolicyResolver, DutyReportResolver, DutyReportFieldsResolver, AppraisalResolver, EvaluationResolver, EvaluationFieldsResolver,
    EvaluationReminderResolver, AccountabilityCaseResolver, AccountabilityCaseFieldsResolver,
  ],
  exports: [EvaluationService],
})
export class EvaluationModule {
  constructor(nodes: NodeRegistry, dataSource: DataSource, organizations: OrganizationService, personnel: PersonnelService) {
    // EVA-3: nobody is put on duty back into a month or quarter already finalized for the station (its roster is closed)
    personnel.addDutyGuard(async (m, post, onDutyFrom) => {
      const [closed] = (await m.query(
        `SELECT kind, year, number FROM (
           SELECT period_kind AS kind, year, number, make_date(year, CASE WHEN period_kind = 'MONTH' THEN number ELSE number * 3 - 2 END, 1) AS starts
           FROM evaluation_result WHERE station_id = $1 AND current AND period_kind IN ('MONTH', 'QUARTER')) p
         WHERE starts >= $2::date ORDER BY starts DESC, kind LIMIT 1`,
        [post.organizationId, onDutyFrom],
      )) as { kind: PeriodKind; year: number; number: number }[];
      return closed ? `${periodLabel(closed)}的考评已定稿，上岗日期须晚于 ${periodRange(closed).start}` : null;
    });
    nodes.register('DutyReport', regionalNodes(dataSource, organizations, DutyReport, Permission.EVALUATION_READ, DutyReportModel.from));
    nodes.register('Evaluation', regionalNodes(dataSource, organizations, EvaluationResult, Permission.EVALUATION_READ, EvaluationModel.from));
    // EVA-6: person cases only; the same table's member-unit cases (COM-6) are MemberUnitAccountabilityCase nodes
    const cases = regionalNodes(dataSource, organizations, AccountabilityCase, Permission.ACCOUNTABILITY_READ, AccountabilityCaseModel.from);
    nodes.register('AccountabilityCase', async (ctx, ids) =>
      (await cases(ctx, ids)).map((n) => (n && (n as AccountabilityCaseModel).row.subjectKind === AccountabilitySubjectKind.PERSON ? n : null)));
  }
}
