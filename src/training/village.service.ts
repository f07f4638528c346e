import { Inject, Injectable } from '@nestjs/common';
import type DataLoader from 'dataloader';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import type { AttachmentChoice } from '../attachments/attachment.service';
import { AttachmentService } from '../attachments/attachment.service';
import { assertReaches, withinJurisdiction } from '../kernel/jurisdiction';
import { FIELD_CIPHER, PersonalDataCipher } from '../auth/personal-data';
import { regionalList, statisticsScope } from '../auth/work-scope';
import { text } from '../kernel/text';
import { maskPhone, phoneProblem } from '../common/citizen-id';
import { Clock } from '../common/clock';
import * as time from '../common/time-rules';
import { TransactionRunner, updateBumpingVersion } from '../database/transaction';
import { changedFields, CorrectionService, correctionReason, FieldChange } from '../corrections/correction.service';
import { CorrectedRecord } from '../corrections/record-correction.entity';
import { connectionOf, ConnectionValue, mapConnection, OrderKey, PageArgs, paginate } from '../graphql/connection';
import { BadUserInputError, ConflictError, FieldProblem } from '../kernel/errors';
import { rowLoader } from '../graphql/loaders';
import type { RequestContext } from '../kernel/request-context';
import { RegionLevel } from '../organization/organization.enums';
import { OrganizationService } from '../organization/organization.service';
import { Region } from '../organization/region.entity';
import { TeamKind } from './training.enums';
import { Equipment, GuidanceVisit, VillageGuidance } from './village.entity';
import { coverage, TeamMember, TownshipCoverage } from './village.rules';

const TOWNSHIP_ORDER: OrderKey<Region>[] = [
  { expr: 't.sort_order', type: 'int', value: (t) => t.sortOrder },
  { expr: 't.id', type: 'uuid', value: (t) => t.id },
];
const VISIT_ORDER: OrderKey<GuidanceVisit>[] = [
  { expr: 'v.visited_on', type: 'text', value: (v) => v.visitedOn },
  { expr: 'v.id', type: 'uuid', value: (v) => v.id },
];

/** A village's record before anything was entered: no manager, no pledge, no team. */
export function emptyGuidance(villageId: string): VillageGuidance {
  return Object.assign(new VillageGuidance(), {
    villageId, managerName: null, managerPhoneEnc: null, managerPhoneMasked: null, managerAppointedOn: null, pledgeAdoptedOn: null,
    pledgeAttachments: [], teamKind: TeamKind.NONE, teamName: null, teamHead: null, teamMembers: [], equipment: [], updatedBy: '', updatedAt: null as unknown as Date, version: 0,
  });
}

export interface TownshipCoverageRow extends TownshipCoverage<Region> {
  township: Region;
}

/** ORG-6: each village's fire safety manager, pledge and team; the station's guidance visits; the coverage. */
@Injectable()
export class VillageService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly organizations: OrganizationService,
    private readonly attachments: AttachmentService,
    @Inject(FIELD_CIPHER) private readonly cipher: PersonalDataCipher,
    private readonly corrections: CorrectionService,
  ) {}

  guidanceById(ctx: RequestContext): DataLoader<string, VillageGuidance | undefined> {
    return rowLoader(ctx, 'training.villageGuidance', (ids) => this.dataSource.getRepository(VillageGuidance).findBy({ villageId: In(ids) }), (g) => g.villageId);
  }

  /** A village or residential community (a VILLAGE region) inside the jurisdiction. */
  async village(ctx: RequestContext, globalId: string, field: string): Promise<Region> {
    const region = await this.organizations.region(ctx, globalId, field);
    assertReaches(ctx, region.path);
    if (region.level !== RegionLevel.VILLAGE) throw BadUserInputError.field(field, '须为村（社区）');
    return region;
  }

  async guidance(ctx: RequestContext, villageId: string): Promise<VillageGuidance> {
    const village = await this.village(ctx, villageId, 'villageId');
    return (await this.guidanceById(ctx).load(village.id)) ?? emptyGuidance(village.id);
  }

  async setManager(ctx: RequestContext, input: { villageId: string; name: string; phone: string; appointedOn?: string | null; expectedVersion?: number | null; reason?: string | null }): Promise<VillageGuidance> {
    const village = await this.village(ctx, input.villageId, 'input.villageId');
    if (input.appointedOn) time.assertTimeRules([time.villageStateDate('input.appointedOn', input.appointedOn, this.clock.today())]);
    const phone = input.phone.trim();
    const problems: FieldProblem[] = [];
    const phoneIssue = phoneProblem(phone);
    if (phoneIssue) problems.push({ field: 'input.phone', reason: phoneIssue });
    if (problems.length > 0) throw new BadUserInputError(problems);
    return this.change(ctx, village, input, 'setVillageManager', async () => ({
      managerName: input.name.trim(), managerPhoneEnc: this.cipher.encryptPhone(phone), managerPhoneMasked: maskPhone(phone), managerAppointedOn: input.appointedOn ?? null,
    }));
  }

  async recordPledge(ctx: RequestContext, input: { villageId: string; adoptedOn: string; attachments?: AttachmentChoice[] | null; expectedVersion?: number | null; reason?: string | null }): Promise<VillageGuidance> {
    const village = await this.village(ctx, input.villageId, 'input.villageId');
    time.assertTimeRules([time.villageStateDate('input.adoptedOn', input.adoptedOn, this.clock.today())]);
    const files = await this.attachments.check(ctx, input.attachments, 'input.attachments');
    return this.change(ctx, village, input, 'recordVillagePledge', async (m) => ({
      pledgeAdoptedOn: input.adoptedOn,
      pledgeAttachments: await this.attachments.link(m, ctx, { kind: 'VillageGuidance', id: village.id }, files, { replace: true }),
    }));
  }

  /** The village's team: kind, head, members (trained or not) and equipment; a team of NONE has neither. */
  async setTeam(ctx: RequestContext, input: { villageId: string; kind: TeamKind; name?: string | null; head?: string | null; members?: TeamMember[] | null; equipment?: Equipment[] | null; expectedVersion?: number | null; reason?: string | null }): Promise<VillageGuidance> {
    const village = await this.village(ctx, input.villageId, 'input.villageId');
    const members = (input.members ?? []).map((mb) => ({ name: mb.name.trim(), trained: mb.trained }));
    const equipment = (input.equipment ?? []).map((e) => ({ name: e.name.trim(), quantity: e.quantity }));
    const problems: FieldProblem[] = [];
    if (input.kind === TeamKind.NONE && (members.length > 0 || equipment.length > 0 || text(input.head) || text(input.name))) {
      problems.push({ field: 'input.kind', reason: '没有队伍时不填名称、负责人、队员和装备' });
    }
    const names = new Set<string>();
    members.forEach((mb, i) => {
      if (names.has(mb.name)) problems.push({ field: `input.members[${i}].name`, reason: '队员重名' });
      names.add(mb.name);
    });
    if (problems.length > 0) throw new BadUserInputError(problems);
    return this.change(ctx, village, input, 'setVillageTeam', async () => ({
      teamKind: input.kind, teamName: text(input.name), teamHead: text(input.head), teamMembers: members, equipment,
    }));
  }

  async recordVisit(ctx: RequestContext, input: { villageId: string; visitedOn: string; visitors: string[]; content: string; findings?: string | null; attachments?: AttachmentChoice[] | null }): Promise<GuidanceVisit> {
    const village = await this.village(ctx, input.villageId, 'input.villageId');
    time.assertTimeRules([time.guidanceVisitDate(input.visitedOn, this.clock.today())]);
    const files = await this.attachments.check(ctx, input.attachments, 'input.attachments');
    const id = randomUUID();
    const saved = await this.tx.run(async (m) => {
      const attachments = await this.attachments.link(m, ctx, { kind: 'GuidanceVisit', id }, files);
      const repo = m.getRepository(GuidanceVisit);
      return repo.save(repo.create({
        id, villageId: village.id, visitedOn: input.visitedOn, visitors: input.visitors.map((v) => v.trim()), content: input.content.trim(),
        findings: text(input.findings), attachments, recordedBy: ctx.actor.label,
      }));
    });
    ctx.auditTarget('GuidanceVisit', saved.id, { after: { villageId: village.id, visitedOn: saved.visitedOn } });
    return saved;
  }

  async visits(ctx: RequestContext, page: PageArgs, filter: { regionId?: string; from?: string; to?: string }): Promise<ConnectionValue<GuidanceVisit>> {
    const qb = await regionalList(this.dataSource.getRepository(GuidanceVisit).createQueryBuilder('v'), ctx, this.organizations, filter.regionId, 'village_id');
    if (filter.from) qb.andWhere('v.visited_on >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('v.visited_on <= :to', { to: filter.to });
    return paginate(qb, page, VISIT_ORDER, { descending: true });
  }

  /**
   * ORG-6 coverage per township of `regionId` (a county or a township; default the actor's region): how many
   * villages have a manager, a pledge, a team, which lack them, and which micro fire stations fall short.
   */
  async coverage(ctx: RequestContext, regionId?: string): Promise<TownshipCoverageRow[]> {
    const townships = await this.townshipsInScope(ctx, regionId);
    return townships ? this.coverageOf(townships.orderBy('t.sort_order', 'ASC').addOrderBy('t.id', 'ASC').getMany()) : [];
  }

  /** ORG-6 coverage as a page of the townships in scope (keyset on their order, ix_region_level_order). */
  async coveragePage(ctx: RequestContext, page: PageArgs, regionId?: string): Promise<ConnectionValue<TownshipCoverageRow>> {
    const townships = await this.townshipsInScope(ctx, regionId);
    if (!townships) return connectionOf([], page, [], () => Promise.resolve(0));
    const found = await paginate(townships, page, TOWNSHIP_ORDER);
    const rows = new Map((await this.coverageOf(Promise.resolve(found.edges.map((e) => e.node)))).map((r) => [r.township.id, r]));
    return mapConnection(found, (t) => rows.get(t.id)!);
  }

  /** The townships of `regionId` (a county or a township; default the actor's region) inside the jurisdiction. */
  private async townshipsInScope(ctx: RequestContext, regionId?: string): Promise<SelectQueryBuilder<Region> | null> {
    const scope = await statisticsScope(ctx, this.organizations, regionId);
    if (!scope) return null;
    return withinJurisdiction(this.dataSource.getRepository(Region).createQueryBuilder('t')
      .where('t.level = :level AND t.path LIKE :scope', { level: RegionLevel.TOWNSHIP, scope: `${scope.path}%` }), ctx, 't.path');
  }

  /** The coverage of each township given, from its villages (one query) and their records (one query). */
  private async coverageOf(found: Promise<Region[]>): Promise<TownshipCoverageRow[]> {
    const townships = await found;
    if (townships.length === 0) return [];
    // a village's parent is its township (CHILD_LEVEL)
    const villages = await this.dataSource.getRepository(Region).createQueryBuilder('v')
      .where('v.level = :level AND v.parent_id IN (:...townships)', { level: RegionLevel.VILLAGE, townships: townships.map((t) => t.id) })
      .orderBy('v.sort_order', 'ASC').addOrderBy('v.id', 'ASC').getMany();
    const guidance = new Map((await this.dataSource.getRepository(VillageGuidance).findBy({ villageId: In(villages.map((v) => v.id)) })).map((g) => [g.villageId, g]));
    return townships.map((township) => {
      const own = villages.filter((v) => v.parentId === township.id);
      return {
        township,
        ...coverage(own.map((village) => {
          const g = guidance.get(village.id) ?? emptyGuidance(village.id);
          return { village, facts: { hasManager: g.managerName !== null, hasPledge: g.pledgeAdoptedOn !== null, teamKind: g.teamKind, teamHead: g.teamHead, members: g.teamMembers } };
        })),
      };
    });
  }

  /**
   * One change of a village's record (ORG-6): created on first write, else a guarded update (`WHERE version`). What
   * it replaces is kept (record_correction) with the reason, which replacing a recorded value requires (a first
   * entry needs none). The manager's phone is compared unmasked and kept masked; files by name and digest.
   */
  private async change(
    ctx: RequestContext, village: Region, input: { expectedVersion?: number | null; reason?: string | null }, operation: string,
    changes: (m: EntityManager) => Promise<Partial<VillageGuidance>>,
  ): Promise<VillageGuidance> {
    const reason = input.reason?.trim() || null;
    const expectedVersion = input.expectedVersion;
    const saved = await this.tx.run(async (m) => {
      const repo = m.getRepository(VillageGuidance);
      // version 0 is the empty record a reader saw before anything was entered
      await m.query(
        `INSERT INTO village_guidance (village_id, pledge_attachments, team_kind, team_members, equipment, updated_by, version)
         VALUES ($1, '[]', 'NONE', '[]', '[]', $2, 0) ON CONFLICT DO NOTHING`,
        [village.id, ctx.actor.label],
      );
      const current = await repo.createQueryBuilder('g').setLock('pessimistic_write').where('g.village_id = :id', { id: village.id }).getOneOrFail();
      const version = expectedVersion ?? current.version;
      // a stale version is a CONFLICT whatever else is wrong: the client must first read what it would replace
      if (version !== current.version) throw new ConflictError(`记录已被他人修改（当前版本 ${current.version}），请刷新后重试`, { currentVersion: current.version });
      const set = await changes(m);
      const replaced = this.replacedFields(current, set);
      if (replaced.some((c) => !isEmptyValue(c.oldValue)) && !reason) {
        throw BadUserInputError.field('input.reason', `更正已登记的${replaced.filter((c) => !isEmptyValue(c.oldValue)).map((c) => GUIDANCE_FIELD_LABELS[c.field] ?? c.field).join('、')}须写明原因（原值保留在更正记录中）`);
      }
      const affected = await updateBumpingVersion(m, VillageGuidance, 'village_id = :id AND version = :version',
        { ...set, updatedBy: ctx.actor.label, updatedAt: () => 'now()' }, { id: village.id, version });
      if (affected !== 1) throw new ConflictError(`记录已被他人修改（当前版本 ${current.version}），请刷新后重试`, { currentVersion: current.version });
      if (reason) await this.corrections.record(m, ctx, CorrectedRecord.VILLAGE_GUIDANCE, village.id, replaced, correctionReason(reason));
      return repo.findOneByOrFail({ villageId: village.id });
    });
    ctx.auditTarget('VillageGuidance', village.id, { after: { operation, version: saved.version, ...(reason ? { reason } : {}) } });
    return saved;
  }

  /** The fields a change replaces, as the API names them (the phone masked, files by name and digest). */
  private replacedFields(current: VillageGuidance, set: Partial<VillageGuidance>): FieldChange[] {
    const phone = (enc: string | null | undefined) => (enc ? this.cipher.decryptPhone(enc) : null);
    const files = (list: unknown) => (Array.isArray(list) ? (list as { name: string; sha256: string }[]).map((f) => ({ name: f.name, sha256: f.sha256 })) : list);
    const { managerPhoneEnc, managerPhoneMasked: _masked, ...rest } = set;
    const changes = changedFields(
      { ...(current as unknown as Record<string, unknown>), pledgeAttachments: files(current.pledgeAttachments) },
      { ...(rest as Record<string, unknown>), ...(rest.pledgeAttachments ? { pledgeAttachments: files(rest.pledgeAttachments) } : {}) },
    );
    if (managerPhoneEnc !== undefined && phone(managerPhoneEnc) !== phone(current.managerPhoneEnc)) {
      changes.push({ field: 'managerPhone', oldValue: current.managerPhoneMasked, newValue: set.managerPhoneMasked ?? null });
    }
    return changes;
  }
}

/** Nothing recorded yet: no value, an empty list, no team. */
function isEmptyValue(v: unknown): boolean {
  return v === null || v === undefined || (Array.isArray(v) && v.length === 0) || v === TeamKind.NONE;
}

const GUIDANCE_FIELD_LABELS: Record<string, string> = {
  managerName: '管理人姓名', managerPhone: '管理人电话', managerAppointedOn: '管理人确定日期', pledgeAdoptedOn: '防火公约通过日期', pledgeAttachments: '防火公约文本',
  teamKind: '队伍类别', teamName: '队伍名称', teamHead: '队长（站长）', teamMembers: '队员', equipment: '器材装备',
};
