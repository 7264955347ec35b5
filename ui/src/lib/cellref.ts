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

/** A cell of a sheet, 0-based: what the backend's `CellRef` text (`Sheet!C7`) stands for. */
export type CellAt = { sheet: string; row: number; col: number };

/** Names written without quotes: letters, digits and `_` (as the importer writes them). */
const BARE = /^[\p{Alphabetic}\p{N}_]*$/u;
const CELL = /^([A-Z]+)([1-9][0-9]*)$/;

/**
 * Parses a cell reference as the importer writes it (`Sheet!C7`, `'My sheet'!C7`, quotes
 * doubled inside); `null` for anything else. Checked against the vectors the Rust side is
 * tested on (crates/gatehouse-import/tests/vectors/cellref.json).
 */
export function parseCellRef(text: string): CellAt | null {
  let sheet: string;
  let cell: string;
  if (text.startsWith("'")) {
    let i = 1;
    sheet = "";
    for (;;) {
      if (i >= text.length) return null;
      const c = text[i]!;
      if (c === "'") {
        if (text[i + 1] === "'") {
          sheet += "'";
          i += 2;
          continue;
        }
        break;
      }
      sheet += c;
      i += 1;
    }
    if (text[i + 1] !== "!") return null;
    cell = text.slice(i + 2);
  } else {
    const bang = text.indexOf("!");
    if (bang < 0) return null;
    sheet = text.slice(0, bang);
    if (!BARE.test(sheet)) return null;
    cell = text.slice(bang + 1);
  }
  const match = CELL.exec(cell);
  if (!match) return null;
  const col = columnNumber(match[1]!);
  const row = Number(match[2]) - 1;
  if (col === null || !Number.isSafeInteger(row) || row > 0xffffffff) return null;
  return { sheet, row, col };
}

/** The text of a cell reference: the inverse of `parseCellRef`. */
export function formatCellRef(at: CellAt): string {
  const sheet = BARE.test(at.sheet) ? at.sheet : `'${at.sheet.replaceAll("'", "''")}'`;
  return `${sheet}!${cellRef(at.row, at.col)}`;
}

/** Column letters of any length (upper case) → 0-based index, within a u32. */
function columnNumber(letters: string): number | null {
  let n = 0;
  for (const c of letters) {
    n = n * 26 + (c.charCodeAt(0) - 64);
    if (n > 0x100000000) return null;
  }
  return n - 1;
}

/**
 * Where a warning's source points: a cell reference → the sheet's index and the 0-based
 * cell; a bare sheet name → the sheet alone. `null` when it names no sheet of the file
 * (e.g. the file itself).
 */
export function locateSource(
  source: string,
  sheets: readonly Pick<ReviewSheet, "name">[],
): { sheet: number; cell: { row: number; col: number } | null } | null {
  const bare = sheets.findIndex((s) => s.name === source);
  if (bare >= 0) return { sheet: bare, cell: null };
  const at = parseCellRef(source);
  if (at === null) return null;
  const sheet = sheets.findIndex((s) => s.name === at.sheet);
  if (sheet < 0) return null;
  return { sheet, cell: { row: at.row, col: at.col } };
}
