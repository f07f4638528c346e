/**
 * Citizen ID numbers (公民身份号码, GB 11643-1999): 17 digits and an ISO 7064 MOD 11-2 check character
 * (0-9 or X). `11010519491231002X` is the standard's own valid example.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** Province-level codes of GB/T 2260 (the first two digits of a citizen ID). */
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45',
  '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82',
]);

export function normalizeCitizenId(value: string): string {
  return value.trim().toUpperCase();
}

/** Why a value is not a valid citizen ID (zh-CN), or null. Checks the form, the birth date and the check digit. */
export function citizenIdProblem(value: string): string | null {
  const id = normalizeCitizenId(value);
  if (!/^\d{17}[\dX]$/.test(id)) return '须为 18 位（17 位数字加 1 位数字或 X）';
  if (!PROVINCES.has(id.slice(0, 2))) return `前 6 位须为有效的行政区划代码（${id.slice(0, 2)} 不是省级代码）`;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return '出生日期无效';
  }
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  if (CHECK[sum % 11] !== id[17]) return '校验码不正确';
  return null;
}

/** What a valid citizen ID says: the birth date (YYYY-MM-DD) and the sex (17th digit odd: male). */
export function citizenIdFacts(value: string): { birthDate: string; male: boolean } {
  const id = normalizeCitizenId(value);
  return { birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`, male: Number(id[16]) % 2 === 1 };
}

/** `220622********123X`: the first 6 (the place) and the last 4 shown, the birth date and order hidden. */
export function maskCitizenId(id: string): string {
  return `${id.slice(0, 6)}********${id.slice(-4)}`;
}

/** Mainland mobile numbers: 11 digits starting with 1. */
export function phoneProblem(value: string): string | null {
  return /^1\d{10}$/.test(value.trim()) ? null : '须为 11 位手机号码';
}

/** `138****5678`. */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}
