import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { assertReaches } from '../kernel/jurisdiction';
import { BadUserInputError, NotFoundError } from '../kernel/errors';
import { parseGlobalId, toGlobalId } from '../graphql/global-id';
import type { RequestContext } from '../kernel/request-context';
import { OrganizationKind } from '../organization/organization.enums';
import { OrganizationService } from '../organization/organization.service';
import { PersonnelService } from '../personnel/personnel.service';
import { SubjectKind } from './evaluation.enums';

export interface Station {
  id: string;
  name: string;
  regionId: string;
  regionPath: string;
}

export interface Subject {
  kind: SubjectKind;
  id: string;
  name: string;
  station: Station;
}

/**
 * The subjects of one station in one period: its staff on duty on the first day (at most its quota, 2–3: ORG-3,
 * PER-9, checked by date when putting a post on duty) and the station itself. A ballot scores each of them.
 */
export const MAX_ROUND_SUBJECTS = 4;

/** A subject's global id: `Person:…` or `Organization:…` (the station). */
export const subjectGlobalId = (kind: SubjectKind, id: string): string => toGlobalId(kind === SubjectKind.PERSON ? 'Person' : 'Organization', id);

/** The subject a global id names: a person (`Person:…`) or a station (`Organization:…`); null for anything else. */
export function parseSubjectId(globalId: string): { kind: SubjectKind; id: string } | null {
  const parsed = parseGlobalId(globalId);
  if (parsed?.kind === 'Person') return { kind: SubjectKind.PERSON, id: parsed.id };
  if (parsed?.kind === 'Organization') return { kind: SubjectKind.STATION, id: parsed.id };
  return null;
}

export const subjectKey = (s: { kind: SubjectKind; id: string } | { subjectKind: SubjectKind; subjectId: string }): string =>
  'kind' in s ? `${s.kind}:${s.id}` : `${s.subjectKind}:${s.subjectId}`;

/**
 * Who is evaluated in a period (EVA-1 .. EVA-3): each person on duty at a station on the period's first day, and
 * each station with at least one such person (a station without staff has no daily work to evaluate). A period a
 * person was not on duty on its first day (before the on-duty date, after leaving) is excused, not zero.
 */
@Injectable()
export class EvaluationRoster {
  constructor(
    private readonly dataSource: DataSource,
    private readonly organizations: OrganizationService,
    private readonly personnel: PersonnelService,
  ) {}

  async stationsUnder(path: string, m: EntityManager = this.dataSource.manager): Promise<Station[]> {
    return (await this.organizations.stationsUnder(path, m)).map((o) => ({ id: o.id, name: o.name, regionId: o.regionId, regionPath: o.regionPath }));
  }

  /** A station named by the client, inside the jurisdiction. */
  async station(ctx: RequestContext, globalId: string, field: string): Promise<Station> {
    const parsed = parseGlobalId(globalId);
    if (!parsed || parsed.kind !== 'Organization') throw BadUserInputError.field(field, '不是有效的消防工作站标识');
    const org = await this.organizations.organizationById(ctx).load(parsed.id);
    if (!org) throw new NotFoundError('消防工作站');
    if (org.kind !== OrganizationKind.FIRE_WORK_STATION) throw BadUserInputError.field(field, '须为消防工作站');
    const region = (await this.organizations.regionById(ctx).load(org.regionId))!;
    assertReaches(ctx, region.path);
    return { id: org.id, name: org.name, regionId: org.regionId, regionPath: region.path };
  }

  /** The subjects of these stations on a day (the first day of a month or quarter). */
  async on(stations: readonly Station[], day: string, m: EntityManager = this.dataSource.manager): Promise<Subject[]> {
    const byId = new Map(stations.map((s) => [s.id, s]));
    const posts = await this.personnel.dutyPosts({ stationIds: [...byId.keys()] }, day, day, m);
    const people = new Map((await this.personnel.peopleByIds(posts.map((p) => p.personId), m)).map((p) => [p.id, p]));
    const out: Subject[] = [];
    for (const station of stations) {
      const staff = posts.filter((p) => p.organizationId === station.id);
      if (staff.length === 0) continue;
      out.push({ kind: SubjectKind.STATION, id: station.id, name: station.name, station });
      // people in name order (pinyin), so lists and reminders read the same every time
      const persons = staff.map((post) => ({ kind: SubjectKind.PERSON, id: post.personId, name: people.get(post.personId)!.name, station }));
      out.push(...persons.sort((x, y) => x.name.localeCompare(y.name, 'zh-CN') || x.id.localeCompare(y.id)));
    }
    return out;
  }

  /**
   * The subject named by a global id (a person or a station) for a period starting on `day`, inside the
   * jurisdiction; BAD_USER_INPUT when it is not evaluated then (excused).
   */
  async subject(ctx: RequestContext, globalId: string, day: string, field: string, m: EntityManager = this.dataSource.manager): Promise<Subject> {
    const parsed = parseGlobalId(globalId);
    if (parsed?.kind === 'Person') {
      const person = (await this.personnel.peopleByIds([parsed.id], m))[0];
      if (!person) throw new NotFoundError('人员');
      assertReaches(ctx, (await this.organizations.regionById(ctx).load(person.regionId))!.path, { what: '人员' });
      const post = (await this.personnel.dutyPosts({ personIds: [person.id] }, day, day, m))[0];
      if (!post) throw BadUserInputError.field(field, `${person.name}在 ${day} 不在岗，免于该期考评`);
      const org = (await this.organizations.organizationById(ctx).load(post.organizationId))!;
      const region = (await this.organizations.regionById(ctx).load(org.regionId))!;
      assertReaches(ctx, region.path, { what: '人员' });
      return { kind: SubjectKind.PERSON, id: person.id, name: person.name, station: { id: org.id, name: org.name, regionId: org.regionId, regionPath: region.path } };
    }
    if (parsed?.kind === 'Organization') {
      const station = await this.station(ctx, globalId, field);
      if (!(await this.on([station], day, m)).length) throw BadUserInputError.field(field, `${station.name}在 ${day} 无在岗人员，不参加该期考评`);
      return { kind: SubjectKind.STATION, id: station.id, name: station.name, station };
    }
    throw BadUserInputError.field(field, '须为人员或消防工作站的标识');
  }
}
