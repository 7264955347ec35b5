// Dates as people type them, read the way the importer reads a sheet's dates: ISO
// (2024-03-01, 2024/03/01), or the day or month first with dots, dashes or slashes
// (01.03.2024, 1-3-24, 01/03/2024). Slashes follow the locale's order; dots and dashes put
// the day first. A date that cannot be read is refused with a word, never ignored.

/** Which of day and month a slash date writes first. */
export type SlashOrder = "day" | "month";

/** The order the locale writes day and month in (`en-US`: month first; `en-GB`: day). */
export function slashOrderOf(locale?: string): SlashOrder {
  const parts = new Intl.DateTimeFormat(locale, { day: "numeric", month: "numeric", year: "numeric" }).formatToParts(
    new Date(2024, 11, 31),
  );
  const day = parts.findIndex((p) => p.type === "day");
  const month = parts.findIndex((p) => p.type === "month");
  return month >= 0 && month < day ? "month" : "day";
}

const LOCAL_ORDER = slashOrderOf();

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/**
 * A typed date as `YYYY-MM-DD`: blank is `null` (no date); a real calendar date in one of
 * the forms above is kept; anything else is `undefined` (refused before it reaches the
 * backend). Two-digit years are 2000–2069 below 70, else 1970–1999, as in the importer.
 */
export function readDate(text: string, order: SlashOrder = LOCAL_ORDER): string | null | undefined {
  const t = text.trim();
  if (t === "") return null;
  const m = /^(\d{1,4})([-./])(\d{1,2})\2(\d{1,4})$/.exec(t);
  if (!m) return undefined;
  const [a, sep, b, c] = [m[1]!, m[2]!, m[3]!, m[4]!];
  let y: number, mo: number, d: number;
  if (a.length === 4) {
    if (c.length > 2) return undefined;
    [y, mo, d] = [Number(a), Number(b), Number(c)];
  } else {
    if (a.length > 2 || (c.length !== 4 && c.length !== 2)) return undefined;
    const year = Number(c);
    y = c.length === 4 ? year : year < 70 ? 2000 + year : 1900 + year;
    [mo, d] = sep === "/" && order === "month" ? [Number(a), Number(b)] : [Number(b), Number(a)];
  }
  const date = new Date(Date.UTC(y, mo - 1, d));
  const real = date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
  return real ? `${pad(y, 4)}-${pad(mo)}-${pad(d)}` : undefined;
}

/** What a date field says when it cannot read what was typed. */
export function dateProblem(text: string, order: SlashOrder = LOCAL_ORDER): string {
  const example = order === "month" ? "03/31/2024" : "31/03/2024";
  return `"${text.trim()}" is not a date. Type it as 2024-03-31 or ${example}.`;
}
