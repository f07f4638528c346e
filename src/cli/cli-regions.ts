import type { INestApplicationContext } from '@nestjs/common';
import { BadUserInputError } from '../kernel/errors';
import { allPages } from '../office/pages';
import type { RequestContext } from '../kernel/request-context';
import { OrganizationKind, RegionLevel } from '../organization/organization.enums';
import { OrganizationService } from '../organization/organization.service';
import type { Region } from '../organization/region.entity';

const LEVEL_NAMES: Record<RegionLevel, string> = {
  [RegionLevel.PROVINCE]: '省', [RegionLevel.CITY]: '市', [RegionLevel.COUNTY]: '县', [RegionLevel.TOWNSHIP]: '乡镇', [RegionLevel.VILLAGE]: '村（社区）',
};

/**
 * The region a command names with `--region`: a division code or a name, at one of `levels` (a name shared by two
 * regions must be given as a code); without `--region`, the county of the deployment's committee office when there
 * is exactly one. Errors are BAD_USER_INPUT on `field` (the command labels it with its option).
 */
export async function regionOf(app: INestApplicationContext, ctx: RequestContext, wanted: string | undefined, levels: readonly RegionLevel[], field = 'input.regionId'): Promise<Region> {
  const organizations = app.get(OrganizationService);
  if (wanted === undefined) {
    const offices = await organizations.organizations(ctx, { first: 2 }, { kind: OrganizationKind.COUNTY_COMMITTEE_OFFICE });
    if (offices.edges.length === 0) {
      throw BadUserInputError.field(field, '数据库中还没有县消委办：请先启动一次服务器（创建组织机构），或用 --region 指定区划');
    }
    if (offices.edges.length > 1) throw BadUserInputError.field(field, '本系统有多个县消委办，请用 --region 指定区划（区划代码或名称）');
    return (await organizations.regionById(ctx).load(offices.edges[0].node.regionId))!;
  }
  const text = wanted.trim();
  const byCode: Region[] = [];
  const byName: Region[] = [];
  for (const level of levels) {
    for (const node of await allPages((page) => organizations.regions(ctx, page, { level }))) {
      if (node.code === text) byCode.push(node);
      else if (node.name === text) byName.push(node);
    }
  }
  const found = byCode.length ? byCode : byName;
  if (found.length === 0) throw BadUserInputError.field(field, `没有区划代码或名称为“${text}”的${levels.map((l) => LEVEL_NAMES[l]).join('、')}`);
  if (found.length > 1) throw BadUserInputError.field(field, `有 ${found.length} 个区划名为“${text}”，请改用区划代码`);
  return found[0];
}
