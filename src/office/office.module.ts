import { Module } from '@nestjs/common';
import { toGlobalId } from '../graphql/global-id';
import { NodeRegistry } from '../graphql/node';
import { AttachmentsModule } from '../attachments/attachments.module';
import { AuthModule } from '../auth/auth.module';
import { CommitteesModule } from '../committees/committees.module';
import { EvaluationModule } from '../evaluation/evaluation.module';
import { InspectionsModule } from '../inspections/inspections.module';
import { OrganizationModule } from '../organization/organization.module';
import { PersonnelModule } from '../personnel/personnel.module';
import { TrainingModule } from '../training/training.module';
import { BriefingController } from './briefing.controller';
import { ChartService } from './charts/chart.service';
import { ChartsController } from './charts/charts.controller';
import { BriefingService } from './briefing.service';
import { CampaignDocumentsController } from './campaign-documents.controller';
import { CampaignDocumentsService } from './campaign-documents.service';
import { ExportService } from './export.service';
import { ImportService } from './import.service';
import { OfficeController } from './office.controller';
import { OfficeErrorFilter } from './office-http';
import { OfficeResolver } from './office.resolver';
import { ImportJobModel } from './office.types';

/**
 * Office workflows (docs/office.md): spreadsheet templates, imports and exports, the monthly fire-situation briefing.
 * It sits on top of the five domains and calls only what they export, so every rule, jurisdiction check and
 * number is the same as through the API.
 */
@Module({
  imports: [OrganizationModule, AuthModule, AttachmentsModule, PersonnelModule, TrainingModule, InspectionsModule, EvaluationModule, CommitteesModule],
  providers: [BriefingService, ChartService, OfficeErrorFilter, ImportService, ExportService, OfficeResolver, CampaignDocumentsService],
  controllers: [BriefingController, ChartsController, OfficeController, CampaignDocumentsController],
  exports: [BriefingService, ChartService, ImportService, ExportService],
})
export class OfficeModule {
  constructor(nodes: NodeRegistry, imports: ImportService) {
    // node(id:) of an import job: visible as importJob(id) is, null otherwise
    nodes.register('ImportJob', async (ctx, ids) =>
      Promise.all(ids.map((id) => imports.job(ctx, toGlobalId('ImportJob', id)).then(ImportJobModel.from, () => null))));
  }
}
