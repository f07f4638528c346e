import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { AuthModule } from '../auth/auth.module';
import { CorrectionsModule } from '../corrections/corrections.module';
import { InspectionsModule } from '../inspections/inspections.module';
import { NodeRegistry } from '../graphql/node';
import { OrganizationModule } from '../organization/organization.module';
import { Clock } from '../common/clock';
import { TaskFieldsResolver, TaskResolver } from './tasks/task.resolver';
import { TaskService } from './tasks/task.service';
import { TaskModel } from './tasks/task.types';

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
    TaskService, TaskResolver, TaskFieldsResolver,
    // campaigns (COM-3)
    // member units: duty lists, supervision, evaluation, their own view (COM-4, COM-5)
  ],
  exports: [TaskService],
})
export class CommitteesModule {
  constructor(nodes: NodeRegistry, clock: Clock, tasks: TaskService) {
    // COM-2, COM-5: a task is read within the jurisdiction, by a member unit only when it is its own
    nodes.register('Task', async (ctx, ids) => (await tasks.visible(ctx, ids)).map((t) => (t ? TaskModel.from(t, clock.today()) : null)));
  }
}
