import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AttachmentsModule } from '../attachments/attachments.module';
import { AuthModule } from '../auth/auth.module';
import { CorrectionsModule } from '../corrections/corrections.module';
import { reaches } from '../kernel/jurisdiction';
import { Permission } from '../kernel/permissions';
import { regionalNodes } from '../auth/work-scope';
import { can } from '../kernel/can';
import { NodeRegistry } from '../graphql/node';
import { RegionLevel } from '../organization/organization.enums';
import { OrganizationModule } from '../organization/organization.module';
import { OrganizationService } from '../organization/organization.service';
import { PersonnelModule } from '../personnel/personnel.module';
import { Activity } from './activity.entity';
import { ActivityCountsFieldsResolver, ActivityFieldsResolver, ActivityResolver } from './activity.resolver';
import { ActivityService } from './activity.service';
import { ActivityModel } from './activity.types';
import { Course } from './course.entity';
import { AttendanceFieldsResolver, CourseFieldsResolver, CourseResolver, CourseSessionFieldsResolver } from './course.resolver';
import { CourseModel } from './course.types';
import { Exam } from './exam.entity';
import { ExamFieldsResolver, ExamResolver, ExamResultFieldsResolver, PersonExamFieldsResolver } from './exam.resolver';
import { ExamService } from './exam.service';
import { ExamModel } from './exam.types';
import { GoodPracticeFieldsResolver, PracticeResolver } from './practice.resolver';
import { PracticeService } from './practice.service';
import { GoodPracticeModel } from './practice.types';
import { GuidanceVisit } from './village.entity';
import { GuidanceVisitFieldsResolver, TownshipCoverageFieldsResolver, VillageGuidanceFieldsResolver, VillageResolver } from './village.resolver';
import { emptyGuidance, VillageService } from './village.service';
import { GuidanceVisitModel, VillageGuidanceModel } from './village.types';

/**
 * Training, publicity and drills (TRN-1), courses and the one exam model (TRN-2, read by personnel's PER-7 and by
 * the evaluation's EVA-2), village guidance (ORG-6), good practices (TRN-3). Imports go one way:
 * organization < auth < attachments, personnel < training.
 */
@Module({
  imports: [OrganizationModule, AuthModule, AttachmentsModule, PersonnelModule, CorrectionsModule],
  providers: [
    ActivityService, ActivityResolver, ActivityFieldsResolver, ActivityCountsFieldsResolver,
    ExamService, CourseResolver, CourseFieldsResolver, CourseSessionFieldsResolver, AttendanceFieldsResolver,
    ExamResolver, ExamFieldsResolver, ExamResultFieldsResolver, PersonExamFieldsResolver,
    VillageService, VillageResolver, VillageGuidanceFieldsResolver, GuidanceVisitFieldsResolver, TownshipCoverageFieldsResolver,
    PracticeService, PracticeResolver, GoodPracticeFieldsResolver,
  ],
  exports: [ExamService, VillageService],
})
export class TrainingModule {
  constructor(nodes: NodeRegistry, dataSource: DataSource, organizations: OrganizationService, villages: VillageService, practices: PracticeService) {
    nodes.register('Activity', regionalNodes(dataSource, organizations, Activity, Permission.TRAINING_READ, ActivityModel.from));
    nodes.register('Course', regionalNodes(dataSource, organizations, Course, Permission.TRAINING_READ, CourseModel.from));
    nodes.register('Exam', regionalNodes(dataSource, organizations, Exam, Permission.TRAINING_READ, ExamModel.from));
    nodes.register('GuidanceVisit', regionalNodes(dataSource, organizations, GuidanceVisit, Permission.TRAINING_READ, GuidanceVisitModel.from, { id: 'id', region: 'villageId' }));
    // a village's record exists for every village (empty until entered): its id is the village's
    nodes.register('VillageGuidance', async (ctx, ids) => {
      if (!can(ctx, Permission.TRAINING_READ)) return ids.map(() => null);
      const regions = await organizations.regionById(ctx).loadMany([...ids]);
      const rows = await villages.guidanceById(ctx).loadMany([...ids]);
      return ids.map((id, i) => {
        const region = regions[i];
        if (!region || region instanceof Error || region.level !== RegionLevel.VILLAGE || !reaches(ctx.actor, region.path)) return null;
        const row = rows[i];
        return VillageGuidanceModel.from(row && !(row instanceof Error) ? row : emptyGuidance(id));
      });
    });
    nodes.register('GoodPractice', async (ctx, ids) => (await practices.visible(ctx, ids)).map((p) => (p ? GoodPracticeModel.from(p) : null)));
  }
}
