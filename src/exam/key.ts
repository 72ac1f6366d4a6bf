// key.csv: one row per variant, one column per check (`b1.C_t`), each cell the answer as the
// variant writes it, for a marker's spreadsheet or an LMS import.
import type { Variants } from './variants';

/** A CSV field (RFC 4180), and never a spreadsheet formula: a cell that opens like one gets a leading `'`. */
export function csvField(text: string): string {
  const safe = /^[=+@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function keyCsv(variants: Variants): string {
  const rows = [['variant', ...variants.columns], ...variants.variants.map((v) => [v.id, ...v.answers])];
  return rows.map((r) => r.map(csvField).join(',')).join('\n') + '\n';
}
