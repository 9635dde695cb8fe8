/** The unified paper's estimator columns, in its order, mapped to the study's labels. */
export const PAPER_COLUMNS: readonly { readonly label: string; readonly paper: string; readonly index: number }[] = [
  { label: "ml", paper: "ML", index: 0 },
  { label: "ridge", paper: "Ridge", index: 1 },
  { label: "mcmc", paper: "MCMC", index: 2 },
  { label: "entropy", paper: "Unified", index: 3 },
];

export function paperColumn(label: string): { paper: string; index: number } | undefined {
  return PAPER_COLUMNS.find((c) => c.label === label);
}
