import { Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Permission } from '../kernel/permissions';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';
import { NodeRegistry } from '../graphql/node';
import { FacilityCheckResolver } from './facility-check.resolver';
import { RegionLevel } from './organization.enums';
import { GuidanceCenterFieldsResolver, OrganizationFieldsResolver, OrganizationResolver, StationFieldsResolver } from './organization.resolver';
import { OrganizationService } from './organization.service';
import { organizationNode } from './organization.types';
import { RegionFieldsResolver, RegionResolver, TownshipFieldsResolver } from './region.resolver';
import { RegionModel, TownshipModel } from './region.types';
import { StaffQuotaResolver } from './staff-quota.resolver';
import { seedOrganization } from './seed/organization.seed';

/** Regions, organizations, quotas, station facilities and the Jingyu seed (ORG-1 .. ORG-5). */
@Module({
  providers: [
    OrganizationService,
    RegionResolver,
    RegionFieldsResolver,
    TownshipFieldsResolver,
    OrganizationResolver,
    OrganizationFieldsResolver,
    StationFieldsResolver,
    GuidanceCenterFieldsResolver,
    StaffQuotaResolver,
    FacilityCheckResolver,
  ],
  exports: [OrganizationService],
})
export class OrganizationModule implements OnApplicationBootstrap {
  private readonly logger = new Logger('Organization');

  constructor(
    nodes: NodeRegistry,
    service: OrganizationService,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // node(id:): what the actor may not see is null (ORGANIZATION_READ, and the jurisdiction)
    nodes.register('Region', async (ctx, ids) => {
      if (!ctx.actor.permissions.has(Permission.ORGANIZATION_READ) && ctx.actor.kind !== 'SYSTEM') return ids.map(() => null);
      return (await service.visibleRegions(ctx, ids)).map((r) =>
        r ? (r.level === RegionLevel.TOWNSHIP ? TownshipModel.from(r) : RegionModel.from(r)) : null,
      );
    });
    nodes.register('Organization', async (ctx, ids) => {
      if (!ctx.actor.permissions.has(Permission.ORGANIZATION_READ) && ctx.actor.kind !== 'SYSTEM') return ids.map(() => null);
      return (await service.visibleOrganizations(ctx, ids)).map((o) => (o ? organizationNode(o) : null));
    });
  }

  /** The idempotent seed runs at start, before the server listens (SEED_ON_START=false skips it). */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedOnStart) return;
    const report = await seedOrganization(this.dataSource);
    if (report.regionsCreated || report.organizationsCreated) {
      this.logger.log(`seeded Jingyu county: ${report.regionsCreated} regions, ${report.organizationsCreated} organizations`);
    }
  }
}
