import { RegionKind, RegionLevel } from './organization.enums';
import { checkAdministrativeCode, householdAtResidence, placeCodeProblem, regionCodeProblem, significantCode } from './region-code';

const L = RegionLevel;
const township = (kind: RegionKind) => ({ level: L.TOWNSHIP, kind });
const county = { level: L.COUNTY, kind: null };
const JILIN = { level: L.PROVINCE, code: '220000' };
const BAISHAN = { level: L.CITY, code: '220600' };
const JINGYU = { level: L.COUNTY, code: '220622' };

describe('region codes (GB/T 2260)', () => {
  it('each level has its length: province and city written with 6 digits, county 6, township 9, village 12', () => {
    expect(checkAdministrativeCode(L.PROVINCE, '220000')).toBeNull();
    expect(checkAdministrativeCode(L.CITY, '220600')).toBeNull();
    expect(checkAdministrativeCode(L.COUNTY, '220622')).toBeNull();
    expect(checkAdministrativeCode(L.TOWNSHIP, '220622101')).toBeNull();
    expect(checkAdministrativeCode(L.VILLAGE, '220622101001')).toBeNull();
    expect(checkAdministrativeCode(L.PROVINCE, '22')).toMatch(/6 位/);
    expect(checkAdministrativeCode(L.CITY, '2206')).toMatch(/6 位/);
    expect(checkAdministrativeCode(L.COUNTY, '2206221')).toMatch(/6 位/);
    expect(checkAdministrativeCode(L.TOWNSHIP, '22062210')).toMatch(/9 位/);
    expect(checkAdministrativeCode(L.TOWNSHIP, '22062210a')).toMatch(/9 位/);
    expect(checkAdministrativeCode(L.VILLAGE, '2206221010011')).toMatch(/12 位/);
  });

  it('a province and a city carry zeros after their own digits; no level has an all-zero group of its own', () => {
    expect(checkAdministrativeCode(L.PROVINCE, '220600')).toMatch(/第 3 位起为 0.*220000/);
    expect(checkAdministrativeCode(L.CITY, '220622')).toMatch(/第 5 位起为 0.*220600/);
    expect(checkAdministrativeCode(L.CITY, '220000')).toMatch(/第 3 至 4 位/);
    expect(checkAdministrativeCode(L.COUNTY, '220600')).toMatch(/第 5 至 6 位/);
    expect(checkAdministrativeCode(L.TOWNSHIP, '220622000')).toMatch(/第 7 至 9 位/);
    expect(checkAdministrativeCode(L.VILLAGE, '220622101000')).toMatch(/第 10 至 12 位/);
  });

  it('the first two digits are a province of the standard: 99 is none, 11 (Beijing) and 82 (Macao) are', () => {
    expect(checkAdministrativeCode(L.VILLAGE, '999999999999')).toMatch(/99 不是 GB\/T 2260 的省级代码/);
    expect(checkAdministrativeCode(L.PROVINCE, '100000')).toMatch(/10 不是/);
    expect(checkAdministrativeCode(L.COUNTY, '110105')).toBeNull();
    expect(checkAdministrativeCode(L.PROVINCE, '820000')).toBeNull();
  });

  it('a code extends its parent\'s significant digits: a Beijing county under Jilin, 999999999999 anywhere, are refused', () => {
    expect(regionCodeProblem({ level: L.PROVINCE, kind: null }, '220000', null)).toBeNull();
    expect(regionCodeProblem({ level: L.CITY, kind: null }, '220600', JILIN)).toBeNull();
    expect(regionCodeProblem(county, '220622', BAISHAN)).toBeNull();
    expect(regionCodeProblem(county, '110105', BAISHAN)).toMatch(/2206 开头/);
    expect(regionCodeProblem(county, '220522', BAISHAN)).toMatch(/220600 的前 4 位 2206/);
    expect(regionCodeProblem({ level: L.CITY, kind: null }, '110100', JILIN)).toMatch(/22 开头/);
    expect(regionCodeProblem({ level: L.VILLAGE, kind: RegionKind.VILLAGE }, '999999999999', { level: L.TOWNSHIP, code: '220622101' })).toMatch(/99 不是/);
    expect(regionCodeProblem({ level: L.VILLAGE, kind: RegionKind.VILLAGE }, '220622102001', { level: L.TOWNSHIP, code: '220622101' })).toMatch(/220622101 开头/);
    expect(regionCodeProblem({ level: L.VILLAGE, kind: RegionKind.VILLAGE }, '220622101001', { level: L.TOWNSHIP, code: '220622101' })).toBeNull();
  });

  it('township codes: 9 digits beginning with the county code; 1xx for a town, 2xx for a township, 0xx a subdistrict', () => {
    expect(regionCodeProblem(township(RegionKind.TOWN), '220622100', JINGYU)).toBeNull();
    expect(regionCodeProblem(township(RegionKind.TOWNSHIP), '220622201', JINGYU)).toBeNull();
    expect(regionCodeProblem(township(RegionKind.SUBDISTRICT), '220622001', JINGYU)).toBeNull();
    expect(regionCodeProblem(township(RegionKind.TOWN), '220622201', JINGYU)).toMatch(/镇.*1xx/);
    expect(regionCodeProblem(township(RegionKind.TOWNSHIP), '220622101', JINGYU)).toMatch(/乡.*2xx/);
    expect(regionCodeProblem(township(RegionKind.TOWN), '220621101', JINGYU)).toMatch(/220622 开头/);
    expect(regionCodeProblem(township(RegionKind.TOWN), '22062210', JINGYU)).toMatch(/9 位/);
    expect(regionCodeProblem(township(RegionKind.TOWN), '220622101', { level: L.COUNTY, code: null })).toMatch(/上级/);
    expect(regionCodeProblem(township(RegionKind.TOWN), '220622101', null)).toMatch(/上级/);
  });

  it('significant digits: a province 2, a city 4, below that the whole code', () => {
    expect(significantCode(L.PROVINCE, '220000')).toBe('22');
    expect(significantCode(L.CITY, '220600')).toBe('2206');
    expect(significantCode(L.COUNTY, '220622')).toBe('220622');
  });
});

describe('PER-4 place codes', () => {
  it('a place is a township (9 digits) or a village (12 digits) of a real county', () => {
    expect(placeCodeProblem('220622101')).toBeNull();
    expect(placeCodeProblem('220622101001')).toBeNull();
    expect(placeCodeProblem('220622101000')).toBeNull(); // the township written with 12 digits
    expect(placeCodeProblem('220622')).toMatch(/9 位（乡镇）或 12 位/);
    expect(placeCodeProblem('2206221010')).toMatch(/9 位（乡镇）或 12 位/);
    expect(placeCodeProblem('999999999999')).toMatch(/99 不是/);
    expect(placeCodeProblem('220600101')).toMatch(/第 5 至 6 位/);
    expect(placeCodeProblem('220622000')).toMatch(/第 7 至 9 位/);
  });

  it('household at residence: the same 9-digit township, whatever the villages; another township or county is not', () => {
    expect(householdAtResidence('220622101', '220622101')).toBe(true);
    expect(householdAtResidence('220622101001', '220622101002')).toBe(true);
    expect(householdAtResidence('220622101000', '220622101')).toBe(true);
    expect(householdAtResidence('220622101', '220622102')).toBe(false);
    expect(householdAtResidence('110105001', '220622101')).toBe(false);
    expect(householdAtResidence('220622', '220622101')).toBe(false);
    expect(householdAtResidence('999999999999', '999999999999')).toBe(false);
  });
});
