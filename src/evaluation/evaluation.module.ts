import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AttachmentsModule } from '../attachments/attachments.module';
import { AuthModule } from '../auth/auth.module';
import { Permission } from '../auth/permissions';
import { regionalNodes } from '../auth/work-scope';
import { NodeRegistry } from '../graphql/node';
import { OrganizationModule } from '../organization/organization.module';
import { OrganizationService } from '../organization/organization.service';
import { PersonnelModule } from '../personnel/personnel.module';
import { TrainingModule } from '../training/training.module';
import { EvaluationInputsService } from './evaluation-inputs.service';
import { EvaluationPolicyService } from './evaluation-policy.service';
import { AccountabilityCase, DutyReport, EvaluationResult } from './evaluation.entity';
import { AccountabilityCaseFieldsResolver, DutyReportFieldsResolver, EvaluationFieldsResolver } from './evaluation.fields';
import { EvaluationJob } from './evaluation.job';
import { EvaluationResolver } from './evaluation.resolver';
import { EvaluationService } from './evaluation.service';
import { AccountabilityCaseModel, DutyReportModel, EvaluationModel } from './evaluation.types';
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
    EvaluationPolicyService, EvaluationRoster, EvaluationInputsService, EvaluationService, EvaluationJob, EvaluationResolver,
    DutyReportFieldsResolver, EvaluationFieldsResolver, AccountabilityCaseFieldsResolver,
  ],
})
export class EvaluationModule {
  constructor(nodes: NodeRegistry, dataSource: DataSource, organizations: OrganizationService) {
    nodes.register('DutyReport', regionalNodes(dataSource, organizations, DutyReport, Permission.EVALUATION_READ, DutyReportModel.from));
    nodes.register('Evaluation', regionalNodes(dataSource, organizations, EvaluationResult, Permission.EVALUATION_READ, EvaluationModel.from));
    nodes.register('AccountabilityCase', regionalNodes(dataSource, organizations, AccountabilityCase, Permission.ACCOUNTABILITY_READ, AccountabilityCaseModel.from));
  }
}
