import { Role } from '../../kernel/permissions';
import { OrganizationKind } from '../../organization/organization.enums';
import { MeetingStatus } from '../committees.enums';

/**
 * COM-1: the committee an actor records meetings for when it names none: a county actor (the committee office,
 * the center) the COUNTY_COMMITTEE of its county; a township actor (the township government, which hosts the
 * township committee's office work, or the station) the TOWNSHIP_COMMITTEE of its township. Others must name one.
 */
/** COM-1: an attending unit is a MEMBER_UNIT organization of the meeting's committee (its parent is the committee). */
export function isMemberUnitOf(unit: { kind: OrganizationKind; parentId: string | null }, committeeId: string): boolean {
  return unit.kind === OrganizationKind.MEMBER_UNIT && unit.parentId === committeeId;
}

/** COM-1: what a meeting lacks to be published (印发): its minutes and at least one topic. Empty: it may be. */
export function publishProblems(m: { minutes: string | null; topics: readonly string[] }): { field: string; reason: string }[] {
  const problems: { field: string; reason: string }[] = [];
  if (!m.minutes?.trim()) problems.push({ field: 'minutes', reason: 'COM-1：印发前须填写会议纪要' });
  if (m.topics.length === 0) problems.push({ field: 'topics', reason: 'COM-1：印发前须至少有一项议题' });
  return problems;
}

/** COM-1: a draft is edited; a published meeting changes only by a correction with its reason and history. */
export function editRefusal(status: MeetingStatus, action: 'update' | 'publish' | 'correct'): string | null {
  if (action === 'correct') return status === MeetingStatus.PUBLISHED ? null : 'COM-1：会议记录尚未印发，请直接修改草稿（updateMeeting），无须更正';
  return status === MeetingStatus.DRAFT ? null : 'COM-1：会议记录已印发，只能通过更正（correctMeeting，须写明原因）修改';
}

/**
 * COM-5: a member unit reads only the published meetings its unit attended; other readers every meeting of their
 * jurisdiction (drafts included).
 */
export function meetingReadableBy(actor: { role: Role | null; organizationId: string | null }, m: { status: MeetingStatus; attendingUnitIds: readonly string[] }): boolean {
  if (actor.role !== Role.MEMBER_UNIT) return true;
  return m.status === MeetingStatus.PUBLISHED && actor.organizationId !== null && m.attendingUnitIds.includes(actor.organizationId);
}
