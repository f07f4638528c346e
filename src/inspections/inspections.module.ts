import { Module } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { AttachmentsModule } from '../attachments/attachments.module';
import { AuthModule } from '../auth/auth.module';
import { CorrectionsModule } from '../corrections/corrections.module';
import { regionalNodes } from '../auth/work-scope';
import { Permission } from '../kernel/permissions';
import { Clock } from '../common/clock';
import { IdKind } from '../graphql/global-id';
import { Node, NodeRegistry } from '../graphql/node';
import { OrganizationModule } from '../organization/organization.module';
import { OrganizationService } from '../organization/organization.service';
import { CalendarResolver } from './calendar.resolver';
import { ChecklistTemplate } from './checklist.entity';
import { ChecklistResolver } from './checklist.resolver';
import { ChecklistTemplateModel } from './checklist.types';
import { Complaint } from './complaint.entity';
import { ComplaintFieldsResolver, ComplaintResolver } from './complaint.resolver';
import { ComplaintModel } from './complaint.types';
import { FireIncident, InvestigationCase } from './fire.entity';
import { FireFieldsResolver, FireResolver, InvestigationFieldsResolver } from './fire.resolver';
import { FireService } from './fire.service';
import { FireIncidentModel, InvestigationModel } from './fire.types';
import { HandOver } from './hand-over.entity';
import { HandOverFieldsResolver, HandOverResolver, HazardHandOverFieldsResolver } from './hand-over.resolver';
import { HandOverService } from './hand-over.service';
import { HandOverModel } from './hand-over.types';
import { Hazard } from './hazard.entity';
import { HazardFieldsResolver, HazardResolver } from './hazard.resolver';
import { HazardStandingService } from './hazard-standing.service';
import { HazardService } from './hazard.service';
import { HazardModel } from './hazard.types';
import { Inspection, InspectionPlan } from './inspection.entity';
import { InspectionFieldsResolver, InspectionPlanFieldsResolver, InspectionResolver } from './inspection.resolver';
import { InspectionService } from './inspection.service';
import { InspectionModel, InspectionPlanModel } from './inspection.types';
import { MajorHazardCatalogueResolver } from './major-hazard.resolver';
import { OverdueAnnouncer } from './overdue.announcer';
import { OverdueJob } from './overdue.job';
import { InspectionPolicyResolver } from './policy.resolver';
import { InspectionPolicyService } from './policy.service';
import { Premises } from './premises.entity';
import { PremisesFieldsResolver, PremisesResolver } from './premises.resolver';
import { PremisesService } from './premises.service';
import { PremisesModel } from './premises.types';
import { RiskPoint } from './risk-point.entity';
import { RiskPointFieldsResolver, RiskPointResolver } from './risk-point.resolver';
import { RiskPointModel } from './risk-point.types';
import { Warning } from './warning.entity';
import { WarningJob } from './warning.job';
import { WarningFieldsResolver, WarningResolver } from './warning.resolver';
import { WarningService } from './warning.service';
import { WarningModel } from './warning.types';
import { WorkReport } from './work-report.entity';
import { WorkReportFieldsResolver, WorkReportResolver } from './work-report.resolver';
import { WorkReportService } from './work-report.service';
import { WorkReportModel } from './work-report.types';

/**
 * Inspections, hazards, risk points and warnings, fires and investigations, work plans (INS-1 .. INS-6).
 * Imports go one way: organization < auth < attachments < inspections.
 */
@Module({
  imports: [OrganizationModule, AuthModule, AttachmentsModule, CorrectionsModule],
  providers: [
    InspectionPolicyService, PremisesService, HazardService, HazardStandingService, HandOverService, InspectionService, WarningService, FireService, WorkReportService, WarningJob, OverdueAnnouncer, OverdueJob,
    PremisesResolver, PremisesFieldsResolver, ChecklistResolver, InspectionResolver, InspectionFieldsResolver, InspectionPlanFieldsResolver,
    CalendarResolver, InspectionPolicyResolver, HazardResolver, HazardFieldsResolver, MajorHazardCatalogueResolver, ComplaintResolver, ComplaintFieldsResolver,
    HandOverResolver, HandOverFieldsResolver, HazardHandOverFieldsResolver, RiskPointResolver, RiskPointFieldsResolver, WarningResolver, WarningFieldsResolver,
    FireResolver, FireFieldsResolver, InvestigationFieldsResolver, WorkReportResolver, WorkReportFieldsResolver,
  ],
  exports: [HazardService, HazardStandingService, HandOverService, InspectionService, FireService, WarningService, PremisesService, InspectionPolicyService],
})
export class InspectionsModule {
  constructor(nodes: NodeRegistry, dataSource: DataSource, organizations: OrganizationService, clock: Clock) {
    const regional = <E extends { id: string; regionId: string }>(kind: IdKind, entity: new () => E, permission: Permission, toModel: (row: E) => Node) =>
      nodes.register(kind, regionalNodes(dataSource, organizations, entity, permission, toModel));
    regional('Premises', Premises, Permission.INSPECTION_READ, PremisesModel.from);
    regional('Inspection', Inspection, Permission.INSPECTION_READ, InspectionModel.from);
    regional('InspectionPlan', InspectionPlan, Permission.INSPECTION_READ, InspectionPlanModel.from);
    regional('Hazard', Hazard, Permission.INSPECTION_READ, (h) => HazardModel.from(h, clock.today()));
    regional('HandOver', HandOver, Permission.INSPECTION_READ, (h) => HandOverModel.from(h, clock.now()));
    regional('Complaint', Complaint, Permission.INSPECTION_READ, (c) => ComplaintModel.from(c, clock.now()));
    regional('RiskPoint', RiskPoint, Permission.INSPECTION_READ, RiskPointModel.from);
    regional('Warning', Warning, Permission.WARNING_READ, WarningModel.from);
    regional('FireIncident', FireIncident, Permission.FIRE_READ, FireIncidentModel.from);
    regional('Investigation', InvestigationCase, Permission.INVESTIGATION_READ, InvestigationModel.from);
    regional('WorkReport', WorkReport, Permission.WORK_REPORT_READ, WorkReportModel.from);
    nodes.register('ChecklistTemplate', async (ctx, ids) => {
      if (ctx.actor.kind !== 'SYSTEM' && !ctx.actor.permissions.has(Permission.INSPECTION_READ)) return ids.map(() => null);
      const rows = new Map((await dataSource.getRepository(ChecklistTemplate).findBy({ id: In([...ids]) })).map((t) => [t.id, t]));
      return ids.map((id) => (rows.has(id) ? ChecklistTemplateModel.from(rows.get(id)!) : null));
    });
  }
}
