import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Permission, Role } from '../auth/permissions';
import { regionalNodes } from '../auth/work-scope';
import { Node, NodeFetcher, NodeRegistry } from '../graphql/node';
import { OrganizationService } from '../organization/organization.service';
import { MemberUnitDutyList, SupervisionVisit } from './committee.entity';
import { MemberUnitDutyListModel, SupervisionVisitModel } from './member-units/member-units.types';
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
export class CommitteesModule {
  constructor(nodes: NodeRegistry, dataSource: DataSource, organizations: OrganizationService) {
    // COM-4 records by id: the permission and the jurisdiction, and a member unit's account only its own unit's (COM-5)
    const ownUnit = <M extends Node & { row: { memberUnitId: string } }>(fetch: NodeFetcher): NodeFetcher => async (ctx, ids) =>
      (await fetch(ctx, ids)).map((n) => (n && ctx.actor.role === Role.MEMBER_UNIT && (n as M).row.memberUnitId !== ctx.actor.organizationId ? null : n));
    nodes.register('MemberUnitDutyList', ownUnit(regionalNodes(dataSource, organizations, MemberUnitDutyList, Permission.COMMITTEE_READ, MemberUnitDutyListModel.from)));
    nodes.register('SupervisionVisit', ownUnit(regionalNodes(dataSource, organizations, SupervisionVisit, Permission.COMMITTEE_READ, SupervisionVisitModel.from)));
  }
}
