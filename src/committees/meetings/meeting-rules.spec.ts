import { Role } from '../../kernel/permissions';
import { OrganizationKind } from '../../organization/organization.enums';
import { MeetingStatus } from '../committees.enums';
import { ownCommitteeKind } from '../committee-of';
import { editRefusal, isMemberUnitOf, meetingReadableBy, publishProblems } from './meeting-rules';

describe('meeting rules (COM-1)', () => {
  it('COM-1: a county actor records for the county committee, a township actor for the township committee', () => {
    expect(ownCommitteeKind(Role.COMMITTEE_OFFICE)).toBe(OrganizationKind.COUNTY_COMMITTEE);
    expect(ownCommitteeKind(Role.CENTER)).toBe(OrganizationKind.COUNTY_COMMITTEE);
    expect(ownCommitteeKind(Role.TOWNSHIP_GOVERNMENT)).toBe(OrganizationKind.TOWNSHIP_COMMITTEE);
    expect(ownCommitteeKind(Role.STATION)).toBe(OrganizationKind.TOWNSHIP_COMMITTEE);
    expect(ownCommitteeKind(Role.MEMBER_UNIT)).toBeNull();
    expect(ownCommitteeKind(null)).toBeNull();
  });

  it('COM-1: an attending unit is a member unit whose parent is the committee', () => {
    expect(isMemberUnitOf({ kind: OrganizationKind.MEMBER_UNIT, parentId: 'c' }, 'c')).toBe(true);
    expect(isMemberUnitOf({ kind: OrganizationKind.MEMBER_UNIT, parentId: 'other' }, 'c')).toBe(false);
    expect(isMemberUnitOf({ kind: OrganizationKind.FIRE_WORK_STATION, parentId: 'c' }, 'c')).toBe(false);
  });

  it('COM-1: publishing needs the minutes and a topic', () => {
    expect(publishProblems({ minutes: '纪要', topics: ['议题'] })).toEqual([]);
    expect(publishProblems({ minutes: '  ', topics: ['议题'] }).map((p) => p.field)).toEqual(['minutes']);
    expect(publishProblems({ minutes: null, topics: [] }).map((p) => p.field)).toEqual(['minutes', 'topics']);
  });

  it('COM-1: drafts are edited and published, published meetings corrected', () => {
    expect(editRefusal(MeetingStatus.DRAFT, 'update')).toBeNull();
    expect(editRefusal(MeetingStatus.DRAFT, 'publish')).toBeNull();
    expect(editRefusal(MeetingStatus.DRAFT, 'correct')).toMatch(/^COM-1：/);
    expect(editRefusal(MeetingStatus.PUBLISHED, 'update')).toMatch(/^COM-1：/);
    expect(editRefusal(MeetingStatus.PUBLISHED, 'publish')).toMatch(/^COM-1：/);
    expect(editRefusal(MeetingStatus.PUBLISHED, 'correct')).toBeNull();
  });

  it('COM-5: a member unit reads only published meetings its unit attended', () => {
    const unit = { role: Role.MEMBER_UNIT, organizationId: 'u' };
    expect(meetingReadableBy(unit, { status: MeetingStatus.PUBLISHED, attendingUnitIds: ['u'] })).toBe(true);
    expect(meetingReadableBy(unit, { status: MeetingStatus.DRAFT, attendingUnitIds: ['u'] })).toBe(false);
    expect(meetingReadableBy(unit, { status: MeetingStatus.PUBLISHED, attendingUnitIds: ['v'] })).toBe(false);
    expect(meetingReadableBy({ role: Role.STATION, organizationId: null }, { status: MeetingStatus.DRAFT, attendingUnitIds: [] })).toBe(true);
  });
});
