/** One table of `npm run bench`; each benchmark module returns one or more of these. */
export interface BenchTable {
  title: string;
  columns: string[];
  rows: (string | number | bigint)[][];
  /** Targets or anchors that give the numbers meaning, printed under the table. */
  notes?: string[];
}

export function formatTable(table: BenchTable): string {
  const cells = [table.columns, ...table.rows.map((r) => r.map(String))];
  const widths = table.columns.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => '| ' + r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ') + ' |';
  const out = [`## ${table.title}`, line(cells[0] ?? []), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|'];
  for (const r of cells.slice(1)) out.push(line(r));
  for (const n of table.notes ?? []) out.push(`- ${n}`);
  return out.join('\n');
}
