import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../kernel/errors';
import type { RequestContext } from '../kernel/request-context';
import { OrganizationService } from './organization.service';
import { RegionModel } from './region.types';

/**
 * A base for field resolvers of records seated in a region: `region` loads through the per-request loader (one
 * query per batch). Injectable, so a subclass without its own constructor still gets its dependency.
 */
@Injectable()
export abstract class RegionFields {
  constructor(protected readonly organizations: OrganizationService) {}

  protected async regionOf(ctx: RequestContext, regionId: string): Promise<RegionModel> {
    const row = await this.organizations.regionById(ctx).load(regionId);
    if (!row) throw new NotFoundError('行政区划');
    return RegionModel.from(row);
  }
}
