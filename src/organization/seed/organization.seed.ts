import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { ADVISORY_LOCKS, isEmbedded } from '../../database/data-source';
import { OrganizationKind, RegionLevel } from '../organization.enums';
import { Organization } from '../organization.entity';
import { Region } from '../region.entity';
import { StaffQuotaChange } from '../staff-quota-change.entity';
import { JINGYU_SEED, townshipOrganizationNames } from './jingyu.seed-data';

const SEED_ACTOR = 'system:seed';

export interface SeedReport {
  regionsCreated: number;
  organizationsCreated: number;
}

/**
 * Creates what is missing of Jingyu county's organization, in one transaction; rows that exist (found by
 * their natural keys) are left exactly as they are, so re-running never undoes a change the committee office
 * made (a township code, a quota). Safe with several instances starting at once (advisory lock).
 */
export async function seedOrganization(dataSource: DataSource): Promise<SeedReport> {
  return dataSource.transaction(async (manager) => {
    if (!isEmbedded(dataSource)) await manager.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCKS.seed]);
    const seeder = new Seeder(manager);
    const s = JINGYU_SEED;
    const province = await seeder.region(null, RegionLevel.PROVINCE, s.province.name, s.province.code, null, 0);
    const city = await seeder.region(province, RegionLevel.CITY, s.city.name, s.city.code, null, 0);
    const county = await seeder.region(city, RegionLevel.COUNTY, s.county.name, s.county.code, null, 0);

    const committee = await seeder.organization(county, OrganizationKind.COUNTY_COMMITTEE, s.countyCommittee, null);
    const office = await seeder.organization(county, OrganizationKind.COUNTY_COMMITTEE_OFFICE, s.countyCommitteeOffice, committee);
    await seeder.organization(county, OrganizationKind.GUIDANCE_CENTER, s.guidanceCenter.name, office, s.guidanceCenter.staffQuota);
    await seeder.organization(county, OrganizationKind.FIRE_RESCUE_BRIGADE, s.brigade, null);

    for (const [index, t] of s.townships.entries()) {
      const township = await seeder.region(county, RegionLevel.TOWNSHIP, t.name, null, t.kind, index + 1);
      const names = townshipOrganizationNames(t.name);
      const townshipCommittee = await seeder.organization(township, OrganizationKind.TOWNSHIP_COMMITTEE, names.committee, null);
      await seeder.organization(township, OrganizationKind.TOWNSHIP_COMMITTEE_OFFICE, names.office, townshipCommittee);
      await seeder.organization(township, OrganizationKind.FIRE_WORK_STATION, names.station, townshipCommittee, t.staffQuota);
      await seeder.organization(township, OrganizationKind.TOWNSHIP_GOVERNMENT, names.government, null);
    }
    return seeder.report;
  });
}

class Seeder {
  readonly report: SeedReport = { regionsCreated: 0, organizationsCreated: 0 };
  constructor(private readonly manager: EntityManager) {}

  async region(
    parent: Region | null,
    level: RegionLevel,
    name: string,
    code: string | null,
    kind: Region['kind'],
    sortOrder: number,
  ): Promise<Region> {
    const repo = this.manager.getRepository(Region);
    const existing = await repo
      .createQueryBuilder('r')
      .where(parent ? 'r.parent_id = :parent' : 'r.parent_id IS NULL', { parent: parent?.id })
      .andWhere('r.name = :name', { name })
      .getOne();
    if (existing) return existing;
    const id = randomUUID();
    this.report.regionsCreated++;
    return repo.save(
      repo.create({ id, parentId: parent?.id ?? null, level, kind, name, code, sortOrder, path: `${parent?.path ?? '/'}${id}/` }),
    );
  }

  async organization(
    region: Region,
    kind: OrganizationKind,
    name: string,
    parent: Organization | null,
    staffQuota: number | null = null,
  ): Promise<Organization> {
    const repo = this.manager.getRepository(Organization);
    const existing = await repo.findOne({ where: { regionId: region.id, kind } });
    if (existing) return existing;
    this.report.organizationsCreated++;
    const org = await repo.save(
      repo.create({ id: randomUUID(), kind, name, regionId: region.id, parentId: parent?.id ?? null, staffQuota }),
    );
    if (staffQuota !== null) {
      await this.manager.getRepository(StaffQuotaChange).insert({
        organizationId: org.id,
        previousQuota: null,
        newQuota: staffQuota,
        reason: JINGYU_SEED.quotaSource,
        changedBy: SEED_ACTOR,
      });
    }
    return org;
  }
}
