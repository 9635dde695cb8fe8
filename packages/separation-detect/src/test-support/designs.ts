/** Design matrices built from the shared data sets, as a user of the package would build them. */
import { columnMajor, readCsv } from "./fixtures.js";

export interface Design {
  x: Float64Array;
  n: number;
  p: number;
  y: Float64Array;
  columnNames: string[];
}

/** Endometrial cancer data (Heinze & Schemper 2002): HG ~ 1 + NV + PI + EH. */
export function endometrialDesign(): Design {
  const { header, rows } = readCsv("endometrial.csv");
  const column = (name: string) => header.indexOf(name);
  const [nv, pi, eh, hg] = ["NV", "PI", "EH", "HG"].map(column) as [number, number, number, number];
  const matrix = rows.map((r) => [1, Number(r[nv]), Number(r[pi]), Number(r[eh])]);
  return {
    x: columnMajor(matrix, 4),
    n: rows.length,
    p: 4,
    y: Float64Array.from(rows, (r) => Number(r[hg])),
    columnNames: ["(Intercept)", "NV", "PI", "EH"],
  };
}

/**
 * Bradley–Terry design for the NBA games before 3 Dec 2014 (Kosmidis & Firth 2021, Example 1):
 * one column per team, +1 for the home team and −1 for the away team, response home_win, no
 * intercept, San Antonio Spurs dropped as the reference team.
 */
export function nbaDesign(): Design & { games: { home: string; away: string; homeWin: number }[] } {
  const { header, rows } = readCsv("nba_2014_15_before_2014-12-03.csv");
  const away = header.indexOf("away");
  const home = header.indexOf("home");
  const win = header.indexOf("home_win");
  const games = rows.map((r) => ({ home: r[home]!, away: r[away]!, homeWin: Number(r[win]) }));
  const teams = [...new Set(games.flatMap((g) => [g.home, g.away]))].sort();
  const columnNames = teams.filter((t) => t !== "San Antonio Spurs");
  const n = games.length;
  const p = columnNames.length;
  const x = new Float64Array(n * p);
  games.forEach((g, i) => {
    const h = columnNames.indexOf(g.home);
    const a = columnNames.indexOf(g.away);
    if (h >= 0) x[h * n + i] = 1;
    if (a >= 0) x[a * n + i] = -1;
  });
  return { x, n, p, y: Float64Array.from(games, (g) => g.homeWin), columnNames, games };
}
