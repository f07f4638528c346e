/** A valid citizen ID (GB 11643-1999) for a birth date and sex: place 220622 (靖宇县), a sequence, the check digit. */
export function citizenIdFor(birthDate: string, male: boolean, sequence: number): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const seq = String((sequence % 500) * 2 + (male ? 1 : 0)).padStart(3, '0');
  const body = `220622${birthDate.replace(/-/g, '')}${seq}`;
  const sum = [...body].reduce((acc, c, i) => acc + weights[i] * Number(c), 0);
  return body + '10X98765432'[sum % 11];
}

/** The calendar date `years` years before `date` (YYYY-MM-DD), the same month and day. */
export function yearsBefore(date: string, years: number): string {
  return `${Number(date.slice(0, 4)) - years}${date.slice(4)}`;
}
