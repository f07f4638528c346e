import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { AuthModule } from '../auth/auth.module';
import { CorrectionsModule } from '../corrections/corrections.module';
import { InspectionsModule } from '../inspections/inspections.module';
import { OrganizationModule } from '../organization/organization.module';
import { MemberUnitEvaluationService } from './member-units/member-unit-evaluation.service';
import {
  MemberUnitDutyListFieldsResolver, MemberUnitEvaluationFieldsResolver, PremisesSectorUnitFieldResolver, SupervisionVisitFieldsResolver,
} from './member-units/member-units.fields';
import { MemberUnitsResolver } from './member-units/member-units.resolver';
import { MemberUnitsService } from './member-units/member-units.service';

/**
 * The committees at work (COM-1 .. COM-6): meetings and decisions, tasks and their ledger, special rectification
 * campaigns, member units' duty lists, supervision and evaluation, and what a member unit sees of its own work.
 * Imports go one way: organization < auth < attachments, inspections < committees (< office).
 */
@Module({
  imports: [OrganizationModule, AuthModule, AttachmentsModule, CorrectionsModule, InspectionsModule],
  providers: [
    // meetings (COM-1), the committees' policy, investigations citing tasks (COM-6)
    // tasks (COM-2)
    // campaigns (COM-3)
    // member units: duty lists, supervision, evaluation, their own view (COM-4, COM-5)
    MemberUnitsService, MemberUnitEvaluationService, MemberUnitsResolver, MemberUnitDutyListFieldsResolver, SupervisionVisitFieldsResolver,
    MemberUnitEvaluationFieldsResolver, PremisesSectorUnitFieldResolver,
  ],
  exports: [],
})
export class CommitteesModule {}
