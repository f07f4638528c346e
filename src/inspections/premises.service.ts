import { Inject, Injectable } from '@nestjs/common';
import type DataLoader from 'dataloader';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { assertReaches, outsideAsMissing } from '../kernel/jurisdiction';
import { FIELD_CIPHER, PersonalDataCipher } from '../auth/personal-data';
import { maskPhone, phoneProblem } from '../common/citizen-id';
import { Clock, shanghaiDate, shanghaiDayStart } from '../common/clock';
import type { Attachment } from '../attachments/attachment.entity';
import { TransactionRunner, updateVersioned } from '../database/transaction';
import { ConnectionValue, OrderKey, PageArgs, paginate } from '../graphql/connection';
import { BadUserInputError, ConflictError, NotFoundError } from '../kernel/errors';
import { fromGlobalId } from '../graphql/global-id';
import { rowLoader } from '../graphql/loaders';
import type { RequestContext } from '../kernel/request-context';
import { OrganizationKind } from '../organization/organization.enums';
import { OrganizationService } from '../organization/organization.service';
import { PREMISES_KIND_LABELS, PremisesKind, RISK_LEVEL_LABELS, RiskLevel } from './inspections.enums';
import { ChecklistItem, ChecklistTemplate } from './checklist.entity';
import { Premises, PremisesEvent } from './premises.entity';
import { assertRegionReaches, regionalList, workRegion } from '../auth/work-scope';
import { text } from '../kernel/text';
import { whereUpdatedSince } from '../graphql/updated-since';

export interface PremisesInput {
  regionId: string;
  kind: PremisesKind;
  name: string;
  address: string;
  memberUnitId?: string | null;
  responsibleName: string;
  responsiblePhone?: string | null;
  riskLevel: RiskLevel;
  keyUnit?: boolean | null;
}
export interface UpdatePremisesInput {
  premisesId: string;
  expectedVersion?: number | null;
  name?: string | null;
  address?: string | null;
  responsibleName?: string | null;
  responsiblePhone?: string | null;
  riskLevel?: RiskLevel | null;
  keyUnit?: boolean | null;
  reason: string;
}

const PREMISES_ORDER: OrderKey<Premises>[] = [
  { expr: 'p.name', type: 'text', value: (p) => p.name },
  { expr: 'p.id', type: 'uuid', value: (p) => p.id },
];
/** The log in the order things happened (own time), then in the order they were written (ix_premises_event_log). */
const EVENT_ORDER: OrderKey<PremisesEvent>[] = [
  { expr: 'e.occurred_at', type: 'timestamp' },
  { expr: 'e.seq', type: 'bigint', value: (e) => e.seq },
];

/** Premises (INS-1), their chronological log, and the checklist templates per kind. */
@Injectable()
export class PremisesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly organizations: OrganizationService,
    @Inject(FIELD_CIPHER) private readonly cipher: PersonalDataCipher,
  ) {}

  premisesById(ctx: RequestContext): DataLoader<string, Premises | undefined> {
    return rowLoader(ctx, 'ins.premisesById', (ids) => this.dataSource.getRepository(Premises).findBy({ id: In(ids) }), (p) => p.id);
  }

  templateById(ctx: RequestContext): DataLoader<string, ChecklistTemplate | undefined> {
    return rowLoader(ctx, 'ins.templateById', (ids) => this.dataSource.getRepository(ChecklistTemplate).findBy({ id: In(ids) }), (t) => t.id);
  }

  /** A premises inside the jurisdiction, else NOT_FOUND. */
  async premises(ctx: RequestContext, globalId: string, field: string): Promise<Premises & { path: string }> {
    const p = await this.premisesById(ctx).load(fromGlobalId(globalId, 'Premises', field));
    if (!p) throw new NotFoundError('场所');
    const region = (await this.organizations.regionById(ctx).load(p.regionId))!;
    assertReaches(ctx, region.path, { what: '场所' });
    return Object.assign(p, { path: region.path });
  }

  async list(ctx: RequestContext, page: PageArgs, filter: { regionId?: string; kind?: PremisesKind; riskLevel?: RiskLevel; updatedSince?: Date }): Promise<ConnectionValue<Premises>> {
    const qb = await regionalList(this.dataSource.getRepository(Premises).createQueryBuilder('p'), ctx, this.organizations, filter.regionId);
    if (filter.kind) qb.andWhere('p.kind = :kind', { kind: filter.kind });
    if (filter.riskLevel) qb.andWhere('p.risk_level = :riskLevel', { riskLevel: filter.riskLevel });
    whereUpdatedSince(qb, 'p.updated_at', filter.updatedSince, this.clock.now());
    return paginate(qb, page, PREMISES_ORDER);
  }

  async log(ctx: RequestContext, premisesId: string, page: PageArgs): Promise<ConnectionValue<PremisesEvent>> {
    const p = await this.premises(ctx, premisesId, 'premisesId');
    const qb = this.dataSource.getRepository(PremisesEvent).createQueryBuilder('e').where('e.premises_id = :id', { id: p.id });
    return paginate(qb, page, EVENT_ORDER);
  }

  /**
   * Where a record of the work happened: a premises (its region and kind) or, without one, a region (county,
   * township or village). Both are checked against the jurisdiction.
   */
  async placeOf(ctx: RequestContext, input: { premisesId?: string | null; regionId?: string | null }): Promise<{ regionId: string; premisesId: string | null; premisesKind: PremisesKind | null }> {
    if (input.premisesId) {
      // the place of a new record, not the record acted on: out of reach it reads as unknown
      const p = await outsideAsMissing(this.premises(ctx, input.premisesId, 'input.premisesId'));
      if (input.regionId) await this.assertPlaceAgrees(ctx, p, input.regionId);
      return { regionId: p.regionId, premisesId: p.id, premisesKind: p.kind };
    }
    if (input.regionId) return { regionId: (await workRegion(ctx, this.organizations, input.regionId, 'input.regionId')).id, premisesId: null, premisesKind: null };
    throw BadUserInputError.field('input.premisesId', '须指明场所或区划');
  }

  /**
   * A record's place is its premises: a region given with it must be the premises' region or one above it. A
   * premises of 景山镇 with the region 龙泉镇 is refused, never silently resolved one way or the other.
   */
  async assertPlaceAgrees(ctx: RequestContext, p: Premises, regionId: string, field = 'input.regionId'): Promise<void> {
    const region = await workRegion(ctx, this.organizations, regionId, field);
    const own = await this.organizations.regionById(ctx).load(p.regionId);
    if (own && own.path.startsWith(region.path)) return;
    throw BadUserInputError.field(field, `场所与区划须一致：场所“${p.name}”位于${own?.name ?? '其他区划'}，所填区划为${region.name}（指明场所时可不填区划）`);
  }

  /**
   * Appends to a premises' log, inside the caller's transaction. `occurredAt` is when the thing happened (default:
   * now, the moment of the step); a record of a day gives `dayMoment(day)`. `attachments`: the files the step
   * carried, as linked to its record (readable by whoever reads that record).
   */
  async logEvent(
    m: EntityManager, ctx: RequestContext, premisesId: string, kind: string, summary: string, subject?: { type: string; id: string },
    occurredAt?: Date, attachments: readonly Attachment[] = [],
  ): Promise<void> {
    const now = this.clock.now();
    await m.getRepository(PremisesEvent).insert({
      id: randomUUID(), premisesId, at: now, occurredAt: occurredAt ?? now, kind, summary, subjectType: subject?.type ?? null, subjectId: subject?.id ?? null,
      actor: ctx.actor.label, attachments: [...attachments],
    });
  }

  /**
   * The own time of a record of a day (an inspection's day, a hazard's found day): the moment of writing when written
   * that day (Beijing time), else the day's start (a late record sorts with its day, before what came after it).
   */
  dayMoment(day: string): Date {
    const now = this.clock.now();
    return shanghaiDate(now) === day ? now : shanghaiDayStart(day);
  }

  async create(ctx: RequestContext, input: PremisesInput): Promise<Premises> {
    const region = await workRegion(ctx, this.organizations, input.regionId, 'input.regionId');
    let memberUnitId: string | null = null;
    if (input.kind === PremisesKind.MEMBER_UNIT) {
      if (!input.memberUnitId) throw BadUserInputError.field('input.memberUnitId', '成员单位类场所须指明成员单位');
      const unit = await this.organizations.organizationById(ctx).load(fromGlobalId(input.memberUnitId, 'Organization', 'input.memberUnitId'));
      if (!unit || unit.kind !== OrganizationKind.MEMBER_UNIT) throw BadUserInputError.field('input.memberUnitId', '须为成员单位');
      await assertRegionReaches(ctx, this.organizations, unit.regionId);
      memberUnitId = unit.id;
    } else if (input.memberUnitId) {
      throw BadUserInputError.field('input.memberUnitId', '只有成员单位类场所可以指明成员单位');
    }
    const phone = this.phone(input.responsiblePhone, 'input.responsiblePhone');
    const saved = await this.tx.run(async (m) => {
      if (memberUnitId && (await m.getRepository(Premises).existsBy({ memberUnitId }))) throw new ConflictError('该成员单位已登记为场所');
      const repo = m.getRepository(Premises);
      const row = await repo.save(repo.create({
        id: randomUUID(), regionId: region.id, kind: input.kind, name: input.name.trim(), address: input.address.trim(), memberUnitId,
        responsibleName: input.responsibleName.trim(), ...phone, riskLevel: input.riskLevel, keyUnit: input.keyUnit ?? false, lastInspectedOn: null,
        createdBy: ctx.actor.label,
      }));
      await this.logEvent(m, ctx, row.id, 'CREATED', `登记场所（${PREMISES_KIND_LABELS[row.kind]}，${RISK_LEVEL_LABELS[row.riskLevel]}${row.keyUnit ? '，消防安全重点单位' : ''}）`);
      return row;
    });
    ctx.auditTarget('Premises', saved.id, { after: { name: saved.name, kind: saved.kind, regionId: saved.regionId } });
    return saved;
  }

  async update(ctx: RequestContext, input: UpdatePremisesInput): Promise<Premises> {
    const found = await this.premises(ctx, input.premisesId, 'input.premisesId');
    const phone = input.responsiblePhone !== undefined && input.responsiblePhone !== null ? this.phone(input.responsiblePhone, 'input.responsiblePhone') : {};
    const saved = await this.tx.run(async (m) => {
      const current = await m.getRepository(Premises).findOneByOrFail({ id: found.id });
      const changes: Partial<Premises> = {
        ...(text(input.name) ? { name: input.name!.trim() } : {}),
        ...(text(input.address) ? { address: input.address!.trim() } : {}),
        ...(text(input.responsibleName) ? { responsibleName: input.responsibleName!.trim() } : {}),
        ...phone,
        ...(input.riskLevel ? { riskLevel: input.riskLevel } : {}),
        ...(input.keyUnit !== undefined && input.keyUnit !== null ? { keyUnit: input.keyUnit } : {}),
      };
      if (Object.keys(changes).length === 0) throw BadUserInputError.field('input', '没有要修改的内容');
      const row = await updateVersioned(m, Premises, current, input.expectedVersion ?? undefined, changes);
      const notes: string[] = [];
      if (changes.responsibleName && changes.responsibleName !== current.responsibleName) notes.push(`责任人由 ${current.responsibleName} 变更为 ${changes.responsibleName}`);
      if ('responsiblePhoneMasked' in changes && changes.responsiblePhoneMasked !== current.responsiblePhoneMasked) notes.push('责任人电话变更');
      if (changes.riskLevel && changes.riskLevel !== current.riskLevel) notes.push(`风险等级由${RISK_LEVEL_LABELS[current.riskLevel]}调整为${RISK_LEVEL_LABELS[changes.riskLevel]}`);
      if (changes.keyUnit !== undefined && changes.keyUnit !== current.keyUnit) notes.push(changes.keyUnit ? '列为消防安全重点单位' : '不再列为消防安全重点单位');
      if (changes.name && changes.name !== current.name) notes.push(`名称由 ${current.name} 变更为 ${changes.name}`);
      if (changes.address && changes.address !== current.address) notes.push('地址变更');
      await this.logEvent(m, ctx, row.id, 'CHANGED', `${notes.join('；') || '信息更新'}（${input.reason.trim()}）`);
      return row;
    });
    ctx.auditTarget('Premises', saved.id, { before: { responsibleName: found.responsibleName, riskLevel: found.riskLevel }, after: { responsibleName: saved.responsibleName, riskLevel: saved.riskLevel } });
    return saved;
  }

  private phone(value: string | null | undefined, field: string): Pick<Premises, 'responsiblePhoneEnc' | 'responsiblePhoneMasked'> {
    const v = text(value);
    if (!v) return { responsiblePhoneEnc: null, responsiblePhoneMasked: null };
    const problem = phoneProblem(v);
    if (problem) throw BadUserInputError.field(field, problem);
    return { responsiblePhoneEnc: this.cipher.encryptPhone(v), responsiblePhoneMasked: maskPhone(v) };
  }

  // ---------- checklists ----------

  async currentTemplate(kind: PremisesKind, m: EntityManager = this.dataSource.manager): Promise<ChecklistTemplate> {
    const t = await m.getRepository(ChecklistTemplate).findOne({ where: { premisesKind: kind }, order: { version: 'DESC' } });
    if (!t) throw new NotFoundError('检查表');
    return t;
  }

  async templates(kind?: PremisesKind, allVersions = false): Promise<ChecklistTemplate[]> {
    const qb = this.dataSource.getRepository(ChecklistTemplate).createQueryBuilder('t');
    if (kind) qb.andWhere('t.premises_kind = :kind', { kind });
    if (!allVersions) qb.andWhere('t.version = (SELECT max(x.version) FROM checklist_template x WHERE x.premises_kind = t.premises_kind)');
    return qb.orderBy('t.premises_kind').addOrderBy('t.version', 'DESC').getMany();
  }

  async publishTemplate(ctx: RequestContext, input: { premisesKind: PremisesKind; title: string; items: ChecklistItem[] }): Promise<ChecklistTemplate> {
    const codes = new Set<string>();
    input.items.forEach((item, i) => {
      if (codes.has(item.code.trim())) throw BadUserInputError.field(`input.items.${i}.code`, '检查项编号重复');
      codes.add(item.code.trim());
    });
    const saved = await this.tx.run(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('checklist_template'), hashtext($1))`, [input.premisesKind]);
      const latest = await m.getRepository(ChecklistTemplate).findOne({ where: { premisesKind: input.premisesKind }, order: { version: 'DESC' } });
      const repo = m.getRepository(ChecklistTemplate);
      return repo.save(repo.create({
        id: randomUUID(), premisesKind: input.premisesKind, version: (latest?.version ?? 0) + 1, title: input.title.trim(),
        items: input.items.map((i) => ({ code: i.code.trim(), text: i.text.trim() })), createdBy: ctx.actor.label,
      }));
    });
    ctx.auditTarget('ChecklistTemplate', saved.id, { after: { premisesKind: saved.premisesKind, version: saved.version, items: saved.items.length } });
    return saved;
  }
}
