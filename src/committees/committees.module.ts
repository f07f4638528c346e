import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { AuthModule } from '../auth/auth.module';
import { Permission } from '../auth/permissions';
import { can } from '../auth/work-scope';
import { CorrectionsModule } from '../corrections/corrections.module';
import { EvaluationModule } from '../evaluation/evaluation.module';
import { NodeRegistry } from '../graphql/node';
import { InspectionsModule } from '../inspections/inspections.module';
import { OrganizationModule } from '../organization/organization.module';
import { CommitteeAccountabilityResolver, InvestigationCitationFieldsResolver, TaskCitationFieldsResolver } from './accountability/accountability.resolver';
import { CommitteeAccountabilityService } from './accountability/accountability.service';
import { CommitteePolicyResolver } from './committee-policy.resolver';
import { CommitteePolicyService } from './committee-policy.service';
import { MeetingDecisionFieldsResolver, MeetingFieldsResolver, MeetingResolver } from './meetings/meeting.resolver';
import { MeetingService } from './meetings/meeting.service';
import { MeetingDecisionModel, MeetingModel } from './meetings/meeting.types';

/**
 * The committees at work (COM-1 .. COM-6): meetings and decisions, tasks and their ledger, special rectification
 * campaigns, member units' duty lists, supervision and evaluation, and what a member unit sees of its own work.
 * Imports go one way: organization < auth < attachments, inspections, evaluation < committees (< office).
 */
@Module({
  imports: [OrganizationModule, AuthModule, AttachmentsModule, CorrectionsModule, InspectionsModule, EvaluationModule],
  providers: [
    // meetings (COM-1), the committees' policy, investigations citing tasks (COM-6)
    MeetingService, MeetingResolver, MeetingFieldsResolver, MeetingDecisionFieldsResolver,
    CommitteePolicyService, CommitteePolicyResolver,
    CommitteeAccountabilityService, CommitteeAccountabilityResolver, InvestigationCitationFieldsResolver, TaskCitationFieldsResolver,
    // tasks (COM-2)
    // campaigns (COM-3)
    // member units: duty lists, supervision, evaluation, their own view (COM-4, COM-5)
  ],
  exports: [CommitteePolicyService, MeetingService],
})
export class CommitteesModule {
  constructor(nodes: NodeRegistry, meetings: MeetingService) {
    // COM-1, COM-5: a meeting in reach; a member unit's only when published and attended
    nodes.register('Meeting', async (ctx, ids) => {
      if (!can(ctx, Permission.COMMITTEE_READ)) return ids.map(() => null);
      return (await meetings.visible(ctx, ids)).map((m) => (m ? MeetingModel.from(m) : null));
    });
    nodes.register('MeetingDecision', async (ctx, ids) => {
      if (!can(ctx, Permission.COMMITTEE_READ)) return ids.map(() => null);
      return (await meetings.visibleDecisions(ctx, ids)).map((d) => (d ? MeetingDecisionModel.from(d) : null));
    });
  }
}
