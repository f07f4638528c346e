import { Injectable } from '@nestjs/common';
import type DataLoader from 'dataloader';
import { randomUUID } from 'node:crypto';
import { DataSource, In, SelectQueryBuilder } from 'typeorm';
import type { ObjectLiteral } from 'typeorm';
import { AttachmentService } from '../../attachments/attachment.service';
import type { AttachmentChoice } from '../../attachments/attachment.service';
import { assertReaches } from '../../kernel/jurisdiction';
import { Role } from '../../kernel/permissions';
import { regionalList } from '../../auth/work-scope';
import { text } from '../../kernel/text';
import { Clock, shanghaiDate } from '../../common/clock';
import { assertTimeRules, supervisionVisitDate } from '../../common/time-rules';
import { TransactionRunner, updateVersioned } from '../../database/transaction';
import { ConnectionValue, OrderKey, PageArgs, paginate } from '../../graphql/connection';
import { BadUserInputError, NotFoundError } from '../../kernel/errors';
import { fromGlobalId } from '../../graphql/global-id';
import { groupLoader } from '../../graphql/loaders';
import type { RequestContext } from '../../kernel/request-context';
import { Hazard } from '../../inspections/hazard.entity';
import { HazardStatus } from '../../inspections/inspections.enums';
import { HAZARD_OVERDUE } from '../../inspections/index';
import { Premises } from '../../inspections/premises.entity';
import { PremisesService } from '../../inspections/premises.service';
import { OrganizationKind, RegionLevel } from '../../organization/organization.enums';
import { Organization } from '../../organization/organization.entity';
import { OrganizationService } from '../../organization/organization.service';
import { Region } from '../../organization/region.entity';
import { MemberUnitDutyList, SupervisionFinding, SupervisionVisit } from '../committee.entity';
import { FindingSeverity, MEMBER_UNIT_SECTOR_LABELS, MemberUnitSector } from '../committees.enums';
import { dutyCatalogue, DutyItem } from './duty-catalogue';

const NO_ID = '00000000-0000-0000-0000-000000000000';

export interface MemberUnitPlace {
  unit: Organization;
  region: Region;
}

/**
 * COM-5: a member unit's account reads only its own unit's rows (duty lists, visits, evaluations): lists filter on
 * `column`, never refuse.
 */
export function ownUnitOnly<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, ctx: RequestContext, column: string): SelectQueryBuilder<T> {
  if (ctx.actor.role !== Role.MEMBER_UNIT) return qb;
  return qb.andWhere(`${column} = :ownUnit`, { ownUnit: ctx.actor.organizationId ?? NO_ID });
}

const VISIT_ORDER: OrderKey<SupervisionVisit>[] = [
  { expr: 'v.visited_on', type: 'text', value: (v) => v.visitedOn },
  { expr: 'v.id', type: 'uuid', value: (v) => v.id },
];
const DUTY_ORDER: OrderKey<MemberUnitDutyList>[] = [{ expr: 'd.version', type: 'int', value: (d) => d.version }, { expr: 'd.id', type: 'uuid', value: (d) => d.id }];
const SECTOR_PREMISES_ORDER: OrderKey<Premises>[] = [
  { expr: 'p.name', type: 'text', value: (p) => p.name },
  { expr: 'p.id', type: 'uuid', value: (p) => p.id },
];
const SECTOR_HAZARD_ORDER: OrderKey<Hazard>[] = [
  { expr: 'h.found_on', type: 'text', value: (h) => h.foundOn },
  { expr: 'h.id', type: 'uuid', value: (h) => h.id },
];

export interface FindingInput {
  description: string;
  severity: FindingSeverity;
  dutyCode?: string | null;
}

/** COM-4 duty lists and supervision visits, COM-5 what a member unit sees of its sector. */
@Injectable()
export class MemberUnitsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly organizations: OrganizationService,
    private readonly attachments: AttachmentService,
    private readonly premises: PremisesService,
  ) {}

  // ---------- the unit ----------

  /**
   * A member unit the actor reaches. `hide`: a read of the unit's records, named so outside the jurisdiction (the
   * operation's @Allow declares NOT_FOUND) and answered NOT_FOUND, for a member unit's account, for any unit but its
   * own (COM-5). Without `hide` (a write by an office), outside answers FORBIDDEN: the organization structure is no
   * secret.
   */
  async memberUnit(ctx: RequestContext, globalId: string, field: string, hide?: string): Promise<MemberUnitPlace> {
    const unit = await this.organizations.organizationById(ctx).load(fromGlobalId(globalId, 'Organization', field));
    if (!unit || unit.kind !== OrganizationKind.MEMBER_UNIT) {
      if (hide) throw new NotFoundError(hide);
      throw BadUserInputError.field(field, '须为成员单位');
    }
    const region = (await this.organizations.regionById(ctx).load(unit.regionId))!;
    assertReaches(ctx, region.path, hide ? { what: hide } : {});
    if (ctx.actor.role === Role.MEMBER_UNIT && ctx.actor.organizationId !== unit.id) throw new NotFoundError(hide ?? '成员单位');
    return { unit, region };
  }

  /** A member unit for a list filter: a member unit's account naming another unit gets an empty list (null). */
  async unitFilter(ctx: RequestContext, globalId: string | undefined): Promise<string | null | undefined> {
    if (!globalId) return undefined;
    const unit = await this.organizations.organizationById(ctx).load(fromGlobalId(globalId, 'Organization', 'memberUnitId'));
    if (!unit || unit.kind !== OrganizationKind.MEMBER_UNIT) throw BadUserInputError.field('memberUnitId', '须为成员单位');
    const region = (await this.organizations.regionById(ctx).load(unit.regionId))!;
    assertReaches(ctx, region.path);
    if (ctx.actor.role === Role.MEMBER_UNIT && ctx.actor.organizationId !== unit.id) return null;
    return unit.id;
  }

  /**
   * COM-4: who looks after a unit. The county committee office keeps the county-level units' duty lists, the
   * township government its township's; the center supervises and evaluates county-level units, the station its
   * township's. The jurisdiction is checked before (a township account never reaches a county unit).
   */
  assertLooksAfter(ctx: RequestContext, place: MemberUnitPlace, what: 'DUTIES' | 'SUPERVISION' | 'EVALUATION'): void {
    const role = ctx.actor.role;
    if (ctx.actor.kind === 'SYSTEM' || role === null) return;
    const county = place.region.level === RegionLevel.COUNTY;
    if (what === 'DUTIES') {
      if (role === Role.COMMITTEE_OFFICE && !county) throw BadUserInputError.field('input.memberUnitId', 'COM-4：乡镇成员单位的责任清单由所在乡镇政府设定');
      if (role === Role.TOWNSHIP_GOVERNMENT && county) throw BadUserInputError.field('input.memberUnitId', 'COM-4：县直成员单位的责任清单由县消防救援委员会办公室设定');
      return;
    }
    const verb = what === 'SUPERVISION' ? '督导' : '考评';
    if (role === Role.CENTER && !county) throw BadUserInputError.field('input.memberUnitId', `COM-4：指导中心${verb}县直成员单位；乡镇成员单位由所在乡镇的消防工作站${verb}`);
    if (role === Role.STATION && county) throw BadUserInputError.field('input.memberUnitId', `COM-4：工作站${verb}本乡镇的成员单位；县直成员单位由指导中心${verb}`);
  }

  // ---------- duty lists ----------

  /** COM-4: the duty list in force (the latest version), or null when none was set. */
  async dutyListOf(unitId: string): Promise<MemberUnitDutyList | null> {
    return this.dataSource.getRepository(MemberUnitDutyList).findOne({ where: { memberUnitId: unitId }, order: { version: 'DESC' } });
  }

  async duties(ctx: RequestContext, memberUnitId: string): Promise<MemberUnitDutyList | null> {
    const { unit } = await this.memberUnit(ctx, memberUnitId, 'memberUnitId', '成员单位责任清单');
    return this.dutyListOf(unit.id);
  }

  /** COM-4: the versions before `version`, newest first. */
  versions(ctx: RequestContext, list: MemberUnitDutyList, page: PageArgs): Promise<ConnectionValue<MemberUnitDutyList>> {
    const qb = this.dataSource.getRepository(MemberUnitDutyList).createQueryBuilder('d')
      .where('d.member_unit_id = :unit AND d.version < :version', { unit: list.memberUnitId, version: list.version });
    return paginate(ownUnitOnly(qb, ctx, 'd.member_unit_id'), page, DUTY_ORDER, { descending: true });
  }

  /** COM-4: a new version of a unit's duty list; without duties, the sector's default catalogue. */
  async setDuties(ctx: RequestContext, input: { memberUnitId: string; sector: MemberUnitSector; duties?: (Omit<DutyItem, 'basis'> & { basis?: string | null })[] | null; note?: string | null }): Promise<MemberUnitDutyList> {
    const place = await this.memberUnit(ctx, input.memberUnitId, 'input.memberUnitId');
    this.assertLooksAfter(ctx, place, 'DUTIES');
    const duties = input.duties
      ? input.duties.map((d) => ({ code: d.code.trim(), text: d.text.trim(), basis: text(d.basis) }))
      : dutyCatalogue(input.sector);
    const seen = new Set<string>();
    duties.forEach((d, i) => {
      if (seen.has(d.code)) throw BadUserInputError.field(`input.duties.${i}.code`, `COM-4：职责编号 ${d.code} 重复，同一清单内编号须唯一`);
      seen.add(d.code);
    });
    const note = text(input.note) ?? (input.duties ? '修改责任清单' : `载入${MEMBER_UNIT_SECTOR_LABELS[input.sector]}行业默认责任清单`);
    const saved = await this.tx.run(async (m) => {
      // the unit's row lock serializes two offices writing versions at once
      await m.query(`SELECT id FROM organization WHERE id = $1 FOR UPDATE`, [place.unit.id]);
      const [{ v }] = (await m.query(`SELECT COALESCE(MAX(version), 0)::int AS v FROM member_unit_duty_list WHERE member_unit_id = $1`, [place.unit.id])) as { v: number }[];
      const repo = m.getRepository(MemberUnitDutyList);
      return repo.save(repo.create({
        id: randomUUID(), memberUnitId: place.unit.id, regionId: place.unit.regionId, version: v + 1, sector: input.sector, duties, note, createdBy: ctx.actor.label,
      }));
    });
    ctx.auditTarget('MemberUnitDutyList', saved.id, { after: { memberUnitId: saved.memberUnitId, version: saved.version, sector: saved.sector, duties: duties.length } });
    return saved;
  }

  // ---------- supervision ----------

  findingsByVisit(ctx: RequestContext): DataLoader<string, SupervisionFinding[]> {
    return groupLoader(ctx, 'com.findingsByVisit', (ids) => this.dataSource.getRepository(SupervisionFinding).find({ where: { visitId: In(ids) }, order: { seq: 'ASC' } }), (f) => f.visitId);
  }

  async visits(ctx: RequestContext, page: PageArgs, filter: { regionId?: string; memberUnitId?: string }): Promise<ConnectionValue<SupervisionVisit>> {
    const unitId = await this.unitFilter(ctx, filter.memberUnitId);
    const qb = await regionalList(this.dataSource.getRepository(SupervisionVisit).createQueryBuilder('v'), ctx, this.organizations, filter.regionId);
    if (unitId !== undefined) qb.andWhere('v.member_unit_id = :unit', { unit: unitId ?? NO_ID });
    return paginate(ownUnitOnly(qb, ctx, 'v.member_unit_id'), page, VISIT_ORDER, { descending: true });
  }

  /**
   * COM-4: a supervision visit with its findings. The visitor is the actor's organization (the center or the
   * station); a finding's duty code must be in the unit's duty list in force. Everything is checked before the
   * one transaction that writes.
   */
  async recordVisit(ctx: RequestContext, input: {
    memberUnitId: string; visitedOn: string; visitors: string[]; summary: string; attachments?: AttachmentChoice[] | null; findings?: FindingInput[] | null;
  }): Promise<SupervisionVisit> {
    const place = await this.memberUnit(ctx, input.memberUnitId, 'input.memberUnitId');
    this.assertLooksAfter(ctx, place, 'SUPERVISION');
    assertTimeRules([supervisionVisitDate(input.visitedOn, this.clock.today())]);
    const findings = input.findings ?? [];
    if (findings.some((f) => text(f.dutyCode))) {
      const list = await this.dutyListOf(place.unit.id);
      const codes = new Set(list?.duties.map((d) => d.code) ?? []);
      findings.forEach((f, i) => {
        const code = text(f.dutyCode);
        if (code && !codes.has(code)) {
          throw BadUserInputError.field(`input.findings.${i}.dutyCode`, list
            ? `COM-4：职责编号 ${code} 不在该单位现行责任清单（第 ${list.version} 版）中`
            : `COM-4：该单位尚未设定责任清单，不能指明职责编号 ${code}`);
        }
      });
    }
    const visitorId = ctx.actor.organizationId ?? (await this.organizations.organizationInRegion(ctx,
      place.region.level === RegionLevel.COUNTY ? OrganizationKind.GUIDANCE_CENTER : OrganizationKind.FIRE_WORK_STATION).load(place.unit.regionId))?.id;
    if (!visitorId) throw BadUserInputError.field('input.memberUnitId', 'COM-4：找不到负责督导该单位的指导中心或工作站');
    const files = await this.attachments.check(ctx, input.attachments, 'input.attachments');
    const id = randomUUID();
    const saved = await this.tx.run(async (m) => {
      const attachments = await this.attachments.link(m, ctx, { kind: 'SupervisionVisit', id }, files);
      const repo = m.getRepository(SupervisionVisit);
      const visit = await repo.save(repo.create({
        id, memberUnitId: place.unit.id, regionId: place.unit.regionId, visitorOrganizationId: visitorId, visitedOn: input.visitedOn,
        visitors: input.visitors.map((v) => v.trim()), summary: input.summary.trim(), attachments, recordedBy: ctx.actor.label,
      }));
      if (findings.length) {
        await m.getRepository(SupervisionFinding).insert(findings.map((f, i) => ({
          id: randomUUID(), visitId: id, seq: i + 1, description: f.description.trim(), severity: f.severity, dutyCode: text(f.dutyCode), taskId: null,
        })));
      }
      return visit;
    });
    ctx.auditTarget('SupervisionVisit', saved.id, { after: { memberUnitId: saved.memberUnitId, visitedOn: saved.visitedOn, findings: findings.length } });
    return saved;
  }

  // ---------- COM-5: the sector ----------

  /** COM-5: the premises whose sector unit, or whose own unit, is the actor's organization. */
  async sectorPremises(ctx: RequestContext, page: PageArgs): Promise<ConnectionValue<Premises & { regionName: string; openHazards: number; overdueHazards: number }>> {
    const unitId = ctx.actor.organizationId ?? NO_ID;
    const today = this.clock.today();
    const qb = this.dataSource.getRepository(Premises).createQueryBuilder('p')
      .where('(p.sector_unit_id = :unit OR p.member_unit_id = :unit)', { unit: unitId });
    const conn = await paginate(qb, page, SECTOR_PREMISES_ORDER);
    const ids = conn.edges.map((e) => e.node.id);
    const counts = ids.length ? ((await this.dataSource.query(
      `SELECT p.id, r.name AS region_name,
         (SELECT COUNT(*) FROM hazard h WHERE h.premises_id = p.id AND h.status <> 'CLOSED')::int AS open,
         (SELECT COUNT(*) FROM hazard h WHERE h.premises_id = p.id AND ${HAZARD_OVERDUE.sql('h', '$2::date')})::int AS overdue
       FROM premises p JOIN region r ON r.id = p.region_id WHERE p.id = ANY($1)`, [ids, today])) as { id: string; region_name: string; open: number; overdue: number }[]) : [];
    const byId = new Map(counts.map((c) => [c.id, c]));
    for (const e of conn.edges) {
      const c = byId.get(e.node.id)!;
      Object.assign(e.node, { regionName: c.region_name, openHazards: c.open, overdueHazards: c.overdue });
    }
    return conn as ConnectionValue<Premises & { regionName: string; openHazards: number; overdueHazards: number }>;
  }

  /** COM-5: the hazards found on those premises, newest first (overdue: RECTIFYING past its deadline, INS-2). */
  async sectorHazards(ctx: RequestContext, page: PageArgs, filter: { statuses?: HazardStatus[]; overdue?: boolean }): Promise<ConnectionValue<Hazard & { premisesName: string }>> {
    const unitId = ctx.actor.organizationId ?? NO_ID;
    const today = this.clock.today();
    const qb = this.dataSource.getRepository(Hazard).createQueryBuilder('h')
      .innerJoin(Premises, 'p', 'p.id = h.premises_id')
      .where('(p.sector_unit_id = :unit OR p.member_unit_id = :unit)', { unit: unitId });
    if (filter.statuses?.length) qb.andWhere('h.status IN (:...statuses)', { statuses: filter.statuses });
    if (filter.overdue === true) qb.andWhere(HAZARD_OVERDUE.sql('h', ':today'), { today });
    if (filter.overdue === false) qb.andWhere(`NOT ${HAZARD_OVERDUE.sql('h', ':today')}`, { today });
    const conn = await paginate(qb, page, SECTOR_HAZARD_ORDER, { descending: true });
    const premises = await this.premises.premisesById(ctx).loadMany([...new Set(conn.edges.map((e) => e.node.premisesId!))]);
    const names = new Map(premises.filter((p): p is Premises => !!p && !(p instanceof Error)).map((p) => [p.id, p.name]));
    for (const e of conn.edges) Object.assign(e.node, { premisesName: names.get(e.node.premisesId!) ?? '' });
    return conn as ConnectionValue<Hazard & { premisesName: string }>;
  }

  /**
   * COM-5: the member unit supervising a premises' sector (行业主管部门): a member unit whose committee's region
   * contains the premises (a county unit for any premises of its county, a township unit for its township's).
   */
  async setSectorUnit(ctx: RequestContext, input: { premisesId: string; sectorUnitId?: string | null; expectedVersion?: number | null }): Promise<Premises> {
    const found = await this.premises.premises(ctx, input.premisesId, 'input.premisesId');
    let unit: Organization | null = null;
    if (input.sectorUnitId) {
      const org = await this.organizations.organizationById(ctx).load(fromGlobalId(input.sectorUnitId, 'Organization', 'input.sectorUnitId'));
      if (!org || org.kind !== OrganizationKind.MEMBER_UNIT) throw BadUserInputError.field('input.sectorUnitId', 'COM-5：行业主管部门须为成员单位');
      const region = (await this.organizations.regionById(ctx).load(org.regionId))!;
      // the unit's committee sits in the unit's region: it must contain the premises
      if (!found.path.startsWith(region.path)) throw BadUserInputError.field('input.sectorUnitId', `COM-5：“${org.name}”所属委员会的区划（${region.name}）不包含该场所`);
      unit = org;
    }
    const saved = await this.tx.run(async (m) => {
      const current = await m.getRepository(Premises).findOneByOrFail({ id: found.id });
      const row = await updateVersioned(m, Premises, current, input.expectedVersion ?? undefined, { sectorUnitId: unit?.id ?? null });
      await this.premises.logEvent(m, ctx, row.id, 'CHANGED', unit ? `行业主管部门设为 ${unit.name}` : '清除行业主管部门');
      return row;
    });
    ctx.auditTarget('Premises', saved.id, { before: { sectorUnitId: found.sectorUnitId }, after: { sectorUnitId: saved.sectorUnitId } });
    return saved;
  }

  /** The Beijing day a hazard was closed. */
  static closedOn(h: Hazard): string | null {
    return h.closedAt ? shanghaiDate(h.closedAt) : null;
  }
}
