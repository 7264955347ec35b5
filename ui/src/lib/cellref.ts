// Spreadsheet cell references: column letters, `C7`, and where a warning's source such as
// `Sheet!C7` or `'My sheet'!C7` points in the previewed file.

import type { ReviewSheet } from "../bindings/ReviewSheet";

/** 0 → "A", 25 → "Z", 26 → "AA" (spreadsheet column letters). */
export function columnLetter(col: number): string {
  let n = col + 1;
  let out = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** "AA" → 26; `null` for anything that is not one to three letters. */
export function columnIndex(letters: string): number | null {
  if (!/^[A-Za-z]{1,3}$/.test(letters)) return null;
  let n = 0;
  for (const c of letters.toUpperCase()) n = n * 26 + (c.charCodeAt(0) - 64);
  return n - 1;
}

/** A 0-based cell as a spreadsheet reference: (6, 2) → "C7". */
export function cellRef(row: number, col: number): string {
  return `${columnLetter(col)}${row + 1}`;
}

/**
 * Where a warning's source points: `Sheet!C7` or `'My sheet'!C7` (quotes doubled inside)
 * → the sheet's index and the 0-based cell; a bare sheet name → the sheet alone. `null`
 * when it names no sheet of the file (e.g. the file itself).
 */
export function locateSource(
  source: string,
  sheets: readonly Pick<ReviewSheet, "name">[],
): { sheet: number; cell: { row: number; col: number } | null } | null {
  const bare = sheets.findIndex((s) => s.name === source);
  if (bare >= 0) return { sheet: bare, cell: null };
  const bang = source.lastIndexOf("!");
  if (bang < 0) return null;
  let name = source.slice(0, bang);
  if (name.length >= 2 && name.startsWith("'") && name.endsWith("'")) name = name.slice(1, -1).replaceAll("''", "'");
  const sheet = sheets.findIndex((s) => s.name === name);
  if (sheet < 0) return null;
  const match = /^([A-Za-z]{1,3})([1-9][0-9]*)$/.exec(source.slice(bang + 1));
  const col = match ? columnIndex(match[1]!) : null;
  if (!match || col === null) return { sheet, cell: null };
  return { sheet, cell: { row: Number(match[2]) - 1, col } };
}
