/** A column of a virtualised table. */
export interface Column {
  key: string;
  label: string;
  /** A CSS grid track, e.g. "2fr" or "minmax(120px, 1fr)". */
  width: string;
}
