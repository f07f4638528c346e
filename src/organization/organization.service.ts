import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { assertReaches, reaches, regionVisible, withinJurisdiction, withVisibleRegions } from '../kernel/jurisdiction';
import { Clock } from '../common/clock';
import { OutsideJurisdictionError } from '../kernel/outside-jurisdiction';
import * as time from '../common/time-rules';
import { TransactionRunner, updateVersioned } from '../database/transaction';
import { ChildList, childPages } from '../graphql/child-pages';
import { ConnectionValue, exactTimestamp, OrderKey, PageArgs, paginate } from '../graphql/connection';
import { groupLoader, rowLoader } from '../graphql/loaders';
import { BadUserInputError, ConflictError, NotFoundError } from '../kernel/errors';
import { fromGlobalId } from '../graphql/global-id';
import type { RequestContext } from '../kernel/request-context';
import { FacilityCheck } from './facility-check.entity';
import { OrganizationKind, QUOTA_KINDS, RegionLevel } from './organization.enums';
import { Organization } from './organization.entity';
import { CHILD_LEVEL, KINDS_BY_LEVEL, staffQuotaProblem } from './organization.rules';
import { establishedBody, ESTABLISHMENT, ESTABLISHMENT_DEFAULTS, ESTABLISHMENT_QUOTA_REASON } from './establishment';
import { regionCodeProblem, significantCode } from './region-code';
import { countyOf } from './townships';
import type { ChangeStaffQuotaInput } from './staff-quota.types';
import type { CreateOrganizationInput } from './organization.types';
import type { CreateRegionInput, SetRegionCodeInput } from './region.types';
import type { RecordFacilityCheckInput } from './facility-check.types';
import { Region } from './region.entity';
import { StaffQuotaChange } from './staff-quota-change.entity';

/** zh-CN names of the organization kinds, for messages. */
const ORGANIZATION_LABELS: Record<OrganizationKind, string> = {
  COUNTY_COMMITTEE: '县消防救援委员会', COUNTY_COMMITTEE_OFFICE: '县消防救援委员会办公室', GUIDANCE_CENTER: '消防工作服务指导中心',
  TOWNSHIP_COMMITTEE: '乡镇消防救援委员会', TOWNSHIP_COMMITTEE_OFFICE: '乡镇消防救援委员会办公室', FIRE_WORK_STATION: '消防工作站',
  TOWNSHIP_GOVERNMENT: '乡镇人民政府', FIRE_RESCUE_BRIGADE: '县消防救援大队', GOVERNMENT_FIRE_STATION: '政府专职消防站', MEMBER_UNIT: '成员单位',
};

const NO_ID = '00000000-0000-0000-0000-000000000000';

const REGION_ORDER: OrderKey<Region>[] = [
  { expr: 'r.sort_order', type: 'int', value: (r) => r.sortOrder },
  { expr: 'r.id', type: 'uuid', value: (r) => r.id },
];
const ORG_ORDER: OrderKey<Organization>[] = [
  { expr: 'o.name', type: 'text', value: (o) => o.name },
  { expr: 'o.id', type: 'uuid', value: (o) => o.id },
];

/** A quota change with its time as exact text (microseconds, UTC): the keyset value of its history's order. */
export type StaffQuotaChangeRow = StaffQuotaChange & { changedAtKey: string };

/** Its exact time as text: a JavaScript Date would drop the microseconds and a page could repeat a row. */
/** ORG-3: a quota history, earliest first, on the (organization_id, changed_at) index; the id breaks ties. */
const QUOTA_HISTORY_ORDER: OrderKey<StaffQuotaChangeRow>[] = [
  { expr: 'c.changed_at', type: 'timestamp', value: (c) => c.changedAtKey },
  { expr: 'c.id', type: 'uuid', value: (c) => c.id },
];
const QUOTA_HISTORY: ChildList<StaffQuotaChange, 'changedAtKey'> = {
  name: 'org.quotaHistory', entity: StaffQuotaChange, alias: 'c', parent: 'c.organization_id', parentOf: (c) => c.organizationId,
  order: QUOTA_HISTORY_ORDER, computed: { changedAtKey: exactTimestamp('c.changed_at') },
};

/** Limits a query on organizations or regions to a region's subtree (the jurisdiction primitive). */
function withinSubtree<T extends object>(qb: SelectQueryBuilder<T>, regionAlias: string, root: Region): SelectQueryBuilder<T> {
  return qb.andWhere(`${regionAlias}.path LIKE :subtree`, { subtree: `${root.path}%` });
}

/**
 * A check another module adds to quota changes (personnel: never below the staff on duty, PER-9); it runs in the
 * change's transaction, after the organization's row is locked, and returns why the new quota is refused.
 */
export type QuotaGuard = (m: EntityManager, organizationId: string, newQuota: number) => Promise<string | null>;

/**
 * Regions, organizations, quotas and station facilities (ORG-1 .. ORG-5). Every read and write is limited to
 * the actor's jurisdiction (kernel/jurisdiction.ts): lists in SQL, single targets outside it answer FORBIDDEN.
 */
@Injectable()
export class OrganizationService {
  private readonly quotaGuards: QuotaGuard[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** Modules that depend on organization add their quota checks here (the dependency stays one-way). */
  addQuotaGuard(guard: QuotaGuard): void {
    this.quotaGuards.push(guard);
  }

  // ---------- reads ----------

  /** A region the actor may see (its jurisdiction and the regions above it), else NOT_FOUND / outside (FORBIDDEN). */
  async region(ctx: RequestContext, globalId: string, field: string): Promise<Region> {
    const region = await this.regionById(ctx).load(fromGlobalId(globalId, 'Region', field));
    if (!region) throw new NotFoundError('行政区划');
    if (!regionVisible(ctx.actor, region.path)) throw new OutsideJurisdictionError(null);
    return region;
  }

  /** Regions for `node(id:)`: null where not visible. */
  async visibleRegions(ctx: RequestContext, ids: readonly string[]): Promise<(Region | null)[]> {
    return (await this.regionById(ctx).loadMany(ids)).map((r) => (r && !(r instanceof Error) && regionVisible(ctx.actor, r.path) ? r : null));
  }

  /** Organizations for `node(id:)`: null outside the jurisdiction. */
  async visibleOrganizations(ctx: RequestContext, ids: readonly string[]): Promise<(Organization | null)[]> {
    const orgs = await this.organizationById(ctx).loadMany(ids);
    const regions = await this.regionById(ctx).loadMany(orgs.map((o) => (o && !(o instanceof Error) ? o.regionId : NO_ID)));
    return orgs.map((o, i) => {
      const r = regions[i];
      return o && !(o instanceof Error) && r && !(r instanceof Error) && reaches(ctx.actor, r.path) ? o : null;
    });
  }

  async townships(ctx: RequestContext, page: PageArgs, countyId?: string): Promise<ConnectionValue<Region>> {
    const qb = this.dataSource.getRepository(Region).createQueryBuilder('r').where('r.level = :level', { level: RegionLevel.TOWNSHIP });
    withinJurisdiction(qb, ctx, 'r.path');
    if (countyId) withinSubtree(qb, 'r', await this.region(ctx, countyId, 'countyId'));
    return paginate(qb, page, REGION_ORDER);
  }

  async regions(ctx: RequestContext, page: PageArgs, filter: { parentId?: string; level?: RegionLevel }): Promise<ConnectionValue<Region>> {
    const qb = this.dataSource.getRepository(Region).createQueryBuilder('r');
    withVisibleRegions(qb, ctx, 'r.path');
    if (filter.parentId) qb.andWhere('r.parent_id = :parent', { parent: (await this.region(ctx, filter.parentId, 'parentId')).id });
    if (filter.level) qb.andWhere('r.level = :level', { level: filter.level });
    return paginate(qb, page, REGION_ORDER);
  }

  /** Organizations (alias o) joined to their region (alias r), optionally of one kind. */
  private organizationQuery(kind?: OrganizationKind): SelectQueryBuilder<Organization> {
    const qb = this.dataSource.getRepository(Organization).createQueryBuilder('o').innerJoin(Region, 'r', 'r.id = o.region_id');
    return kind ? qb.where('o.kind = :kind', { kind }) : qb;
  }

  async organizations(
    ctx: RequestContext,
    page: PageArgs,
    filter: { regionId?: string; kind?: OrganizationKind },
  ): Promise<ConnectionValue<Organization>> {
    const qb = this.organizationQuery(filter.kind);
    withinJurisdiction(qb, ctx, 'r.path');
    if (filter.regionId) withinSubtree(qb, 'r', await this.region(ctx, filter.regionId, 'regionId'));
    return paginate(qb, page, ORG_ORDER);
  }

  stations(ctx: RequestContext, page: PageArgs, regionId?: string): Promise<ConnectionValue<Organization>> {
    return this.organizations(ctx, page, { regionId, kind: OrganizationKind.FIRE_WORK_STATION });
  }

  /**
   * The guidance center of a county (ORG-1); without a county, the one of the caller's county (a county or township
   * account), else the deployment's only one (a city or province account must name the county when there are several).
   */
  async guidanceCenter(ctx: RequestContext, countyId?: string): Promise<Organization> {
    const qb = this.organizationQuery(OrganizationKind.GUIDANCE_CENTER);
    const own = !countyId && ctx.actor.regionId ? await countyOf(this.dataSource, ctx.actor.regionId) : undefined;
    if (countyId) qb.andWhere('r.id = :county', { county: (await this.region(ctx, countyId, 'countyId')).id });
    else if (own) qb.andWhere('r.id = :county', { county: own.id });
    const found = await qb.orderBy('o.id').limit(2).getMany();
    if (found.length > 1) throw BadUserInputError.field('countyId', '本系统有多个县，请指定县');
    if (found.length === 0) throw new NotFoundError('指导中心');
    assertReaches(ctx, (await this.regionById(ctx).load(found[0].regionId))!.path);
    return found[0];
  }

  /** The fire work stations under a region path, with their township's path (the evaluation's scope). */
  async stationsUnder(path: string, m: EntityManager = this.dataSource.manager): Promise<(Organization & { regionPath: string })[]> {
    const rows = await m.getRepository(Organization).createQueryBuilder('o').innerJoin(Region, 'r', 'r.id = o.region_id')
      .addSelect('r.path', 'region_path')
      .where('o.kind = :kind AND r.path LIKE :path', { kind: OrganizationKind.FIRE_WORK_STATION, path: `${path}%` })
      .orderBy('r.path', 'ASC').addOrderBy('o.id', 'ASC')
      .getRawAndEntities();
    return rows.entities.map((o, i) => Object.assign(o, { regionPath: rows.raw[i].region_path as string }));
  }

  // ---------- per-request loaders (one query per batch, never per row) ----------

  regionById(ctx: RequestContext): DataLoader<string, Region | undefined> {
    return rowLoader(ctx, 'org.regionById', (ids) => this.dataSource.getRepository(Region).findBy({ id: In(ids) }), (r) => r.id);
  }

  organizationById(ctx: RequestContext): DataLoader<string, Organization | undefined> {
    return rowLoader(ctx, 'org.organizationById', (ids) => this.dataSource.getRepository(Organization).findBy({ id: In(ids) }), (o) => o.id);
  }

  /** The organization of a kind seated in a region (a township's station, government, committee ...). */
  organizationInRegion(ctx: RequestContext, kind: OrganizationKind): DataLoader<string, Organization | undefined> {
    return rowLoader(
      ctx,
      `org.inRegion.${kind}`,
      (regionIds) => this.dataSource.getRepository(Organization).findBy({ regionId: In(regionIds), kind }),
      (o) => o.regionId,
    );
  }

  /** ORG-3: a page of the quota history of each organization asked for in one tick (graphql/child-pages.ts). */
  quotaHistory(ctx: RequestContext, args: PageArgs): DataLoader<string, ConnectionValue<StaffQuotaChangeRow>> {
    return childPages(ctx, this.dataSource, QUOTA_HISTORY, args);
  }

  facilityChecks(ctx: RequestContext): DataLoader<string, FacilityCheck[]> {
    return groupLoader(ctx, 'org.facilityChecks', (ids) => this.dataSource.getRepository(FacilityCheck).findBy({ stationId: In(ids) }), (c) => c.stationId);
  }

  // ---------- writes: each one transaction ----------

  async setRegionCode(ctx: RequestContext, input: SetRegionCodeInput): Promise<Region> {
    const id = fromGlobalId(input.regionId, 'Region', 'input.regionId');
    return this.tx.run(async (m) => {
      // lock the parent before the region (always top-down, so two code changes cannot deadlock): a parent whose
      // code changes meanwhile would otherwise leave this code not starting with the parent's
      const unlocked = await m.getRepository(Region).findOneBy({ id });
      if (!unlocked) throw new NotFoundError('行政区划');
      assertReaches(ctx, unlocked.path);
      const parent = unlocked.parentId ? await this.lockRegion(m, unlocked.parentId) : null;
      const region = await this.lockRegion(m, id);
      const problem = regionCodeProblem(region, input.code, parent);
      if (problem) throw BadUserInputError.field('input.code', problem);
      const taken = await m.getRepository(Region).findOneBy({ code: input.code });
      if (taken && taken.id !== region.id) throw new ConflictError(`代码 ${input.code} 已被“${taken.name}”使用`);
      const hasCodedChildren = await m
        .getRepository(Region)
        .createQueryBuilder('c')
        // a province's or city's children begin with its significant digits only (220600 → 2206)
        .where('c.parent_id = :id AND c.code IS NOT NULL AND c.code NOT LIKE :prefix', { id, prefix: `${significantCode(region.level, input.code)}%` })
        .getExists();
      if (hasCodedChildren) throw BadUserInputError.field('input.code', '已有下级区划的代码不以此代码开头，请先调整下级代码');
      return updateVersioned(m, Region, region, input.expectedVersion, { code: input.code });
    });
  }

  async createRegion(ctx: RequestContext, input: CreateRegionInput): Promise<Region> {
    const parentId = fromGlobalId(input.parentId, 'Region', 'input.parentId');
    return this.tx.run(async (m) => {
      const parent = await this.lockRegion(m, parentId);
      assertReaches(ctx, parent.path);
      const level = CHILD_LEVEL[parent.level];
      if (!level) throw BadUserInputError.field('input.parentId', '村（居）级区划下不能再设下级');
      const allowed = KINDS_BY_LEVEL[level];
      const kind = input.kind ?? null;
      if (allowed.length > 0 && (!kind || !allowed.includes(kind))) {
        throw BadUserInputError.field('input.kind', `该级区划须选择类别：${allowed.join('、')}`);
      }
      if (allowed.length === 0 && kind) throw BadUserInputError.field('input.kind', '该级区划不设类别');
      const name = input.name.trim();
      if (await m.getRepository(Region).existsBy({ parentId: parent.id, name })) {
        throw new ConflictError(`“${parent.name}”下已有名为“${name}”的区划`);
      }
      if (input.code) {
        const problem = regionCodeProblem({ level, kind }, input.code, parent);
        if (problem) throw BadUserInputError.field('input.code', problem);
        if (await m.getRepository(Region).existsBy({ code: input.code })) throw new ConflictError(`代码 ${input.code} 已被使用`);
      }
      const quotas = this.establishmentQuotas(level, input);
      const siblings = await m.getRepository(Region).countBy({ parentId: parent.id });
      const id = randomUUID();
      const repo = m.getRepository(Region);
      const region = await repo.save(
        repo.create({ id, parentId: parent.id, level, kind, name, code: input.code ?? null, path: `${parent.path}${id}/`, sortOrder: siblings + 1 }),
      );
      // ORG-1, ORG-2: a county or a township is set up with its bodies, in the same transaction
      await this.establish(m, region, quotas, ctx.actor.label);
      return region;
    });
  }

  /** ORG-1, ORG-3: the quotas of a new county's center or a new township's station (policy defaults unless set). */
  private establishmentQuotas(level: RegionLevel, input: CreateRegionInput): { station: number; center: number } {
    if (input.stationStaffQuota != null && level !== RegionLevel.TOWNSHIP) throw BadUserInputError.field('input.stationStaffQuota', '只有新设乡镇时设定工作站编制');
    if (input.centerStaffQuota != null && level !== RegionLevel.COUNTY) throw BadUserInputError.field('input.centerStaffQuota', '只有新设县时设定指导中心编制');
    const station = input.stationStaffQuota ?? ESTABLISHMENT_DEFAULTS.stationStaffQuota;
    const center = input.centerStaffQuota ?? ESTABLISHMENT_DEFAULTS.centerStaffQuota;
    const stationProblem = staffQuotaProblem(OrganizationKind.FIRE_WORK_STATION, station);
    if (stationProblem) throw BadUserInputError.field('input.stationStaffQuota', stationProblem);
    const centerProblem = staffQuotaProblem(OrganizationKind.GUIDANCE_CENTER, center);
    if (centerProblem) throw BadUserInputError.field('input.centerStaffQuota', centerProblem);
    return { station, center };
  }

  /**
   * Creates the bodies a county or township is set up with (establishment.ts) that it lacks, each on its parent body,
   * a quota-carrying one with its first quota history row. Runs in the caller's transaction.
   */
  private async establish(m: EntityManager, region: Region, quotas: { station: number; center: number }, changedBy: string): Promise<Organization[]> {
    const bodies = ESTABLISHMENT[region.level] ?? [];
    const repo = m.getRepository(Organization);
    const existing = await repo.findBy({ regionId: region.id, kind: In(bodies.map((b) => b.kind)) });
    const byKind = new Map(existing.map((o) => [o.kind, o]));
    const created: Organization[] = [];
    for (const body of bodies) {
      if (byKind.has(body.kind)) continue;
      const staffQuota = !body.quota ? null : body.kind === OrganizationKind.FIRE_WORK_STATION ? quotas.station : quotas.center;
      const parentId = body.parentKind ? byKind.get(body.parentKind)?.id ?? null : null;
      const org = await repo.save(repo.create({ id: randomUUID(), kind: body.kind, name: body.name(region.name), regionId: region.id, parentId, staffQuota }));
      if (staffQuota !== null) {
        await m.getRepository(StaffQuotaChange).insert({ organizationId: org.id, previousQuota: null, newQuota: staffQuota, reason: ESTABLISHMENT_QUOTA_REASON, changedBy });
      }
      byKind.set(body.kind, org);
      created.push(org);
    }
    return created;
  }

  /** ORG-1, ORG-3: change a quota (station 2..3) and append the change, with who and why, in one transaction. */
  async changeStaffQuota(ctx: RequestContext, input: ChangeStaffQuotaInput): Promise<Organization> {
    const id = fromGlobalId(input.organizationId, 'Organization', 'input.organizationId');
    return this.tx.run(async (m) => {
      const org = await m.getRepository(Organization).createQueryBuilder('o').setLock('pessimistic_write').where('o.id = :id', { id }).getOne();
      if (!org) throw new NotFoundError('组织机构');
      assertReaches(ctx, (await m.getRepository(Region).findOneByOrFail({ id: org.regionId })).path);
      if (!QUOTA_KINDS.includes(org.kind)) throw BadUserInputError.field('input.organizationId', '该类机构不设编制');
      const problem = staffQuotaProblem(org.kind, input.staffQuota);
      if (problem) throw BadUserInputError.field('input.staffQuota', problem);
      if (org.staffQuota === input.staffQuota) throw BadUserInputError.field('input.staffQuota', `编制已是 ${input.staffQuota} 人，无需调整`);
      for (const guard of this.quotaGuards) {
        const refused = await guard(m, org.id, input.staffQuota);
        if (refused) throw BadUserInputError.field('input.staffQuota', refused);
      }
      const updated = await updateVersioned(m, Organization, org, input.expectedVersion, { staffQuota: input.staffQuota });
      await m.getRepository(StaffQuotaChange).insert({
        organizationId: org.id,
        previousQuota: org.staffQuota,
        newQuota: input.staffQuota,
        reason: input.reason.trim(),
        changedBy: ctx.actor.label,
      });
      return updated;
    });
  }

  /** ORG-4: record one check of one station office facility. */
  async recordFacilityCheck(ctx: RequestContext, input: RecordFacilityCheckInput): Promise<FacilityCheck> {
    const stationId = fromGlobalId(input.stationId, 'Organization', 'input.stationId');
    time.assertTimeRules([time.facilityCheckDate(input.checkedOn, this.clock.today())]);
    return this.tx.run(async (m) => {
      const station = await m.getRepository(Organization).findOneBy({ id: stationId });
      if (!station) throw new NotFoundError('工作站');
      assertReaches(ctx, (await m.getRepository(Region).findOneByOrFail({ id: station.regionId })).path);
      if (station.kind !== OrganizationKind.FIRE_WORK_STATION) throw BadUserInputError.field('input.stationId', '只有消防工作站登记办公场所设施');
      const repo = m.getRepository(FacilityCheck);
      return repo.save(
        repo.create({
          stationId,
          facility: input.facility,
          compliant: input.compliant,
          checkedOn: input.checkedOn,
          checkedBy: input.checkedBy.trim(),
          note: input.note?.trim() || null,
          recordedBy: ctx.actor.label,
        }),
      );
    });
  }

  /**
   * Member units (成员单位) of a committee and government full-time fire stations (ORG-5); and a body of the
   * establishment (establishment.ts) that a county or township lacks — never a second one (ORG-2: one station per
   * township, CONFLICT).
   */
  async createOrganization(ctx: RequestContext, input: CreateOrganizationInput): Promise<Organization> {
    const established = establishedBody(input.kind);
    if (input.kind !== OrganizationKind.MEMBER_UNIT && input.kind !== OrganizationKind.GOVERNMENT_FIRE_STATION && !established) {
      throw BadUserInputError.field('input.kind', '不能新增该类机构');
    }
    const regionId = fromGlobalId(input.regionId, 'Region', 'input.regionId');
    const committeeId = input.committeeId ? fromGlobalId(input.committeeId, 'Organization', 'input.committeeId') : null;
    if (input.staffQuota != null && !established?.body.quota) throw BadUserInputError.field('input.staffQuota', '只有指导中心和工作站设编制');
    return this.tx.run(async (m) => {
      // the region's lock serializes two writers adding the same body (the partial unique index backs it)
      const region = await this.lockRegion(m, regionId);
      assertReaches(ctx, region.path);
      if (region.level !== RegionLevel.COUNTY && region.level !== RegionLevel.TOWNSHIP) {
        throw BadUserInputError.field('input.regionId', '须为县或乡镇');
      }
      const repo = m.getRepository(Organization);
      const name = input.name.trim();
      if (established) return this.createEstablishedBody(ctx, m, region, established, name, input);
      let parentId: string | null = null;
      if (input.kind === OrganizationKind.MEMBER_UNIT) {
        if (!committeeId) throw BadUserInputError.field('input.committeeId', '成员单位须指定所属消防救援委员会');
        const committee = await repo.findOneBy({ id: committeeId });
        if (!committee) throw new NotFoundError('消防救援委员会');
        if (
          (committee.kind !== OrganizationKind.COUNTY_COMMITTEE && committee.kind !== OrganizationKind.TOWNSHIP_COMMITTEE) ||
          committee.regionId !== region.id
        ) {
          throw BadUserInputError.field('input.committeeId', '须为同一区划的县或乡镇消防救援委员会');
        }
        parentId = committee.id;
      } else if (committeeId) {
        throw BadUserInputError.field('input.committeeId', '政府专职消防站不填所属委员会');
      }
      if (await repo.existsBy({ regionId, kind: input.kind, name })) {
        throw new ConflictError(`“${region.name}”已有名为“${name}”的同类机构`);
      }
      return repo.save(repo.create({ id: randomUUID(), kind: input.kind, name, regionId, parentId, staffQuota: null }));
    });
  }

  /** ORG-1, ORG-2: a body a county or township lacks, on its parent body; a second one is a CONFLICT. */
  private async createEstablishedBody(
    ctx: RequestContext,
    m: EntityManager,
    region: Region,
    established: NonNullable<ReturnType<typeof establishedBody>>,
    name: string,
    input: CreateOrganizationInput,
  ): Promise<Organization> {
    const { level, body } = established;
    const label = ORGANIZATION_LABELS[body.kind];
    if (region.level !== level) throw BadUserInputError.field('input.regionId', `${label}须设在${level === RegionLevel.COUNTY ? '县' : '乡镇'}`);
    if (input.committeeId) throw BadUserInputError.field('input.committeeId', `${label}不填所属委员会，系统按实施方案确定其依托机构`);
    const repo = m.getRepository(Organization);
    const existing = await repo.findOneBy({ regionId: region.id, kind: body.kind });
    if (existing) throw new ConflictError(`“${region.name}”已设有${label}“${existing.name}”，每个${level === RegionLevel.COUNTY ? '县' : '乡镇'}只设一个（ORG-2）`);
    let parentId: string | null = null;
    if (body.parentKind) {
      const parent = await repo.findOneBy({ regionId: region.id, kind: body.parentKind });
      if (!parent) throw BadUserInputError.field('input.kind', `请先设立${ORGANIZATION_LABELS[body.parentKind]}（${label}依托其设立）`);
      parentId = parent.id;
    }
    let staffQuota: number | null = null;
    if (body.quota) {
      staffQuota = input.staffQuota ?? (body.kind === OrganizationKind.FIRE_WORK_STATION ? ESTABLISHMENT_DEFAULTS.stationStaffQuota : ESTABLISHMENT_DEFAULTS.centerStaffQuota);
      const problem = staffQuotaProblem(body.kind, staffQuota);
      if (problem) throw BadUserInputError.field('input.staffQuota', problem);
    }
    const org = await repo.save(repo.create({ id: randomUUID(), kind: body.kind, name, regionId: region.id, parentId, staffQuota }));
    if (staffQuota !== null) {
      await m.getRepository(StaffQuotaChange).insert({
        organizationId: org.id, previousQuota: null, newQuota: staffQuota, reason: ESTABLISHMENT_QUOTA_REASON, changedBy: ctx.actor.label,
      });
    }
    return org;
  }

  // ---------- helpers ----------

  /**
   * Serializes writers of a region and its children (codes, new children): FOR NO KEY UPDATE, which leaves the
   * key-share locks of foreign keys alone, so records pointing at the region (premises, hazards…) are still written
   * while it is held (an import holds it until the whole file commits).
   */
  private async lockRegion(m: EntityManager, id: string): Promise<Region> {
    const region = await m.getRepository(Region).createQueryBuilder('r').setLock('for_no_key_update').where('r.id = :id', { id }).getOne();
    if (!region) throw new NotFoundError('行政区划');
    return region;
  }
}
