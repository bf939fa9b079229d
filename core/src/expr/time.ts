// RFC 3339 date-times (`time(s)`, spec section 10.3) to epoch milliseconds,
// and back (window bounds, section 10.4). Strict: a full date, a time with
// seconds and an offset (`Z` or `±hh:mm`); `T` or a space between them (RFC
// 3339 5.6 allows both), either case of `T`/`Z`. Fractions beyond the
// millisecond are cut off (floor). Date.parse is not used: it accepts far
// more than RFC 3339 and differs between engines.

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Epoch milliseconds of an RFC 3339 date-time, or null when `s` is not one. */
export function parseRfc3339(s: string): number | null {
  const m = RFC3339.exec(s);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 60) return null; // 60: a leap second, counted into the next minute
  let offset = 0;
  if (!m[8]) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return null;
    offset = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const fraction = m[7] ? Number(`${m[7].slice(1)}00`.slice(0, 3)) : 0; // digits, not float arithmetic
  const days = daysFromCivil(year, month, day);
  return ((days * 24 + hour) * 60 + minute - offset) * 60_000 + second * 1000 + fraction;
}

/** Epoch milliseconds as RFC 3339 in UTC with millisecond precision (`2026-01-01T00:00:00.000Z`). */
export function formatRfc3339(ms: number): string {
  return new Date(ms).toISOString();
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
