/**
 * Password rules (GB/T 22239-2019 8.1.4.1 a): complexity; periodic change and no reuse are the security policy's,
 * checked by the sign-in service): at least 8 characters with at least 3 of the 4 classes upper case, lower case,
 * digit, symbol; not the username (nor containing it, in any case).
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
/** The rules in words (zh-CN), for the descriptions of the inputs that take a new password. */
export const PASSWORD_RULE = `${PASSWORD_MIN_LENGTH} 至 ${PASSWORD_MAX_LENGTH} 个字符，含大写字母、小写字母、数字、符号中的至少 3 类；不含用户名`;
/** Hashes of previous passwords kept per account: the most a security policy may check (its passwordHistory ≤ 24). */
export const PASSWORD_HISTORY_KEPT = 24;

/** The problems of a new password (zh-CN), empty when it is acceptable. */
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push(`至少 ${PASSWORD_MIN_LENGTH} 个字符`);
  if (password.length > PASSWORD_MAX_LENGTH) problems.push(`最多 ${PASSWORD_MAX_LENGTH} 个字符`);
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) problems.push('须包含大写字母、小写字母、数字、符号中的至少 3 类');
  const name = username.trim().toLowerCase();
  if (name && password.toLowerCase().includes(name)) problems.push('不能包含用户名');
  return problems;
}
