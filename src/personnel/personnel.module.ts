import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { Permission } from '../auth/permissions';
import { NodeRegistry } from '../graphql/node';
import { OrganizationModule } from '../organization/organization.module';
import { PersonFieldsResolver, PersonnelResolver, PostFieldsResolver } from './personnel.resolver';
import { PersonnelService } from './personnel.service';
import { PersonModel } from './personnel.types';

/** People, eligibility (PER-1 .. PER-8), the onboarding lifecycle and the quota (PER-7, PER-9), staffing. */
@Module({
  imports: [OrganizationModule, AuthModule],
  providers: [PersonnelService, PersonnelResolver, PersonFieldsResolver, PostFieldsResolver],
  exports: [PersonnelService],
})
export class PersonnelModule {
  constructor(nodes: NodeRegistry, service: PersonnelService) {
    nodes.register('Person', async (ctx, ids) => {
      if (!ctx.actor.permissions.has(Permission.PERSONNEL_READ) && ctx.actor.kind !== 'SYSTEM') return ids.map(() => null);
      return (await service.visiblePeople(ctx, ids)).map((p) => (p ? PersonModel.from(p) : null));
    });
  }
}
