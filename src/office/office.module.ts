import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { AuthModule } from '../auth/auth.module';
import { EvaluationModule } from '../evaluation/evaluation.module';
import { InspectionsModule } from '../inspections/inspections.module';
import { OrganizationModule } from '../organization/organization.module';
import { PersonnelModule } from '../personnel/personnel.module';
import { TrainingModule } from '../training/training.module';
import { BriefingController } from './briefing.controller';
import { BriefingService } from './briefing.service';
import { OfficeErrorFilter } from './office-http';

/**
 * Office workflows (issue 10): spreadsheet templates, imports and exports, the monthly fire-situation briefing.
 * It sits on top of the five domains and calls only what they export, so every rule, jurisdiction check and
 * number is the same as through the API.
 */
@Module({
  imports: [OrganizationModule, AuthModule, AttachmentsModule, PersonnelModule, TrainingModule, InspectionsModule, EvaluationModule],
  providers: [BriefingService, OfficeErrorFilter],
  controllers: [BriefingController],
  exports: [BriefingService],
})
export class OfficeModule {}
