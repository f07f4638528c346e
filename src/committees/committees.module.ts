import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AttachmentsModule } from '../attachments/attachments.module';
import { AuthModule } from '../auth/auth.module';
import { Permission, Role } from '../kernel/permissions';
import { regionalNodes } from '../auth/work-scope';
import { can } from '../kernel/can';
import { Clock } from '../common/clock';
import { CorrectionsModule } from '../corrections/corrections.module';
import { EvaluationModule } from '../evaluation/evaluation.module';
import { Node, NodeFetcher, NodeRegistry } from '../graphql/node';
import { InspectionsModule } from '../inspections/inspections.module';
import { OrganizationModule } from '../organization/organization.module';
import { OrganizationService } from '../organization/organization.service';
import {
  CommitteeAccountabilityResolver, InvestigationCitationFieldsResolver, MemberUnitAccountabilityCaseFieldsResolver, TaskCitationFieldsResolver,
} from './accountability/accountability.resolver';
import { CommitteeAccountabilityService } from './accountability/accountability.service';
import { MemberUnitAccountabilityCaseModel } from './accountability/accountability.types';
import { CampaignFieldsResolver, CampaignNodes, CampaignResolver } from './campaigns/campaign.resolver';
import { CampaignService } from './campaigns/campaign.service';
import { MemberUnitDutyList, SupervisionVisit } from './committee.entity';
import { CommitteePolicyResolver } from './committee-policy.resolver';
import { CommitteePolicyService } from './committee-policy.service';
import { MeetingDecisionFieldsResolver, MeetingFieldsResolver, MeetingResolver } from './meetings/meeting.resolver';
import { MeetingService } from './meetings/meeting.service';
import { MeetingDecisionModel, MeetingModel } from './meetings/meeting.types';
import { DutyListResolver, MemberUnitDutyListFieldsResolver } from './member-units/duty-list.resolver';
import { MemberUnitDutyListModel } from './member-units/duty-list.types';
import { MemberUnitEvaluationFieldsResolver, MemberUnitEvaluationResolver } from './member-units/member-unit-evaluation.resolver';
import { MemberUnitEvaluationService } from './member-units/member-unit-evaluation.service';
import { MemberUnitsService } from './member-units/member-units.service';
import { PremisesSectorUnitFieldResolver, SectorResolver } from './member-units/sector.resolver';
import { SupervisionResolver, SupervisionVisitFieldsResolver } from './member-units/supervision.resolver';
import { SupervisionVisitModel } from './member-units/supervision.types';
import { CampaignTasksFieldResolver, DecisionTasksFieldResolver, TaskFieldsResolver, TaskResolver } from './tasks/task.resolver';
import { TaskService } from './tasks/task.service';
import { TaskModel } from './tasks/task.types';

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
    MemberUnitAccountabilityCaseFieldsResolver,
    // tasks (COM-2)
    TaskService, TaskResolver, TaskFieldsResolver, CampaignTasksFieldResolver, DecisionTasksFieldResolver,
    // campaigns (COM-3)
    CampaignService, CampaignResolver, CampaignFieldsResolver, CampaignNodes,
    // member units: duty lists, supervision, evaluation, their own view (COM-4, COM-5)
    MemberUnitsService, MemberUnitEvaluationService, DutyListResolver, MemberUnitDutyListFieldsResolver, SupervisionResolver, SupervisionVisitFieldsResolver,
    MemberUnitEvaluationResolver, MemberUnitEvaluationFieldsResolver, SectorResolver, PremisesSectorUnitFieldResolver,
  ],
  exports: [CommitteePolicyService, MeetingService, TaskService, CampaignService],
})
export class CommitteesModule {
  constructor(
    nodes: NodeRegistry, clock: Clock, dataSource: DataSource, organizations: OrganizationService, meetings: MeetingService, tasks: TaskService,
    accountability: CommitteeAccountabilityService,
  ) {
    // COM-1, COM-5: a meeting in reach; a member unit's only when published and attended; a decision as its meeting
    nodes.register('Meeting', async (ctx, ids) => {
      if (!can(ctx, Permission.COMMITTEE_READ)) return ids.map(() => null);
      return (await meetings.visible(ctx, ids)).map((m) => (m ? MeetingModel.from(m) : null));
    });
    nodes.register('MeetingDecision', async (ctx, ids) => {
      if (!can(ctx, Permission.COMMITTEE_READ)) return ids.map(() => null);
      return (await meetings.visibleDecisions(ctx, ids)).map((d) => (d ? MeetingDecisionModel.from(d) : null));
    });
    // COM-2, COM-5: a task is read within the jurisdiction, by a member unit only when it is its own
    nodes.register('Task', async (ctx, ids) => (await tasks.visible(ctx, ids)).map((t) => (t ? TaskModel.from(t, clock.today()) : null)));
    // COM-4 records by id: the permission and the jurisdiction, and a member unit's account only its own unit's (COM-5)
    const ownUnit = <M extends Node & { row: { memberUnitId: string } }>(fetch: NodeFetcher): NodeFetcher => async (ctx, ids) =>
      (await fetch(ctx, ids)).map((n) => (n && ctx.actor.role === Role.MEMBER_UNIT && (n as M).row.memberUnitId !== ctx.actor.organizationId ? null : n));
    nodes.register('MemberUnitDutyList', ownUnit(regionalNodes(dataSource, organizations, MemberUnitDutyList, Permission.COMMITTEE_READ, MemberUnitDutyListModel.from)));
    // COM-6: a member unit's case (its own type; the table's person cases are AccountabilityCase nodes), COM-5 narrowing
    nodes.register('MemberUnitAccountabilityCase', async (ctx, ids) => {
      if (!can(ctx, Permission.ACCOUNTABILITY_READ)) return ids.map(() => null);
      return (await accountability.visibleUnitCases(ctx, ids)).map((c) => (c ? MemberUnitAccountabilityCaseModel.from(c) : null));
    });
    nodes.register('SupervisionVisit', ownUnit(regionalNodes(dataSource, organizations, SupervisionVisit, Permission.COMMITTEE_READ, SupervisionVisitModel.from)));
  }
}
