import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CorrectionsModule } from '../corrections/corrections.module';
import { Permission } from '../kernel/permissions';
import { NodeRegistry } from '../graphql/node';
import { Clock } from '../common/clock';
import { OrganizationModule } from '../organization/organization.module';
import { OrganizationService } from '../organization/organization.service';
import { DeviationFieldsResolver, DeviationResolver } from './deviation.resolver';
import { EligibilityResolver } from './eligibility.resolver';
import { PersonFieldsResolver, PersonResolver } from './person.resolver';
import { PersonModel } from './person.types';
import { PersonnelPolicyResolver } from './personnel-policy.resolver';
import { PostState } from './personnel.enums';
import { PersonnelService } from './personnel.service';
import { Post } from './post.entity';
import { PostFieldsResolver, PostResolver } from './post.resolver';
import { PostModel } from './post.types';
import { StaffingEntryFieldsResolver, StaffingResolver } from './staffing.resolver';

/** People, eligibility (PER-1 .. PER-8), the onboarding lifecycle and the quota (PER-7, PER-9), staffing. */
@Module({
  imports: [OrganizationModule, AuthModule, CorrectionsModule],
  providers: [
    PersonnelService, PersonResolver, PersonFieldsResolver, PostResolver, PostFieldsResolver, EligibilityResolver, DeviationResolver, DeviationFieldsResolver,
    StaffingResolver, StaffingEntryFieldsResolver, PersonnelPolicyResolver,
  ],
  exports: [PersonnelService],
})
export class PersonnelModule {
  constructor(nodes: NodeRegistry, service: PersonnelService, organizations: OrganizationService, clock: Clock) {
    nodes.register('Person', async (ctx, ids) => {
      if (!ctx.actor.permissions.has(Permission.PERSONNEL_READ) && ctx.actor.kind !== 'SYSTEM') return ids.map(() => null);
      const today = clock.today();
      return (await service.visiblePeople(ctx, ids)).map((p) => (p ? PersonModel.from(p, today) : null));
    });
    // a post is read by whoever may read its person (its person's region in the jurisdiction, PERSONNEL_READ)
    nodes.register('Post', async (ctx, ids) => {
      if (!ctx.actor.permissions.has(Permission.PERSONNEL_READ) && ctx.actor.kind !== 'SYSTEM') return ids.map(() => null);
      return (await service.visiblePosts(ctx, ids)).map((p) => (p ? PostModel.from(p) : null));
    });
    // PER-9: a quota is never lowered below the staff on duty (checked in the quota change's own transaction)
    organizations.addQuotaGuard(async (m, organizationId, newQuota) => {
      const onDuty = await m.getRepository(Post).countBy({ organizationId, state: PostState.ON_DUTY });
      return newQuota < onDuty ? `PER-9：在岗 ${onDuty} 人，编制不能少于在岗人数` : null;
    });
  }
}
