/** One row of the result store: one task's outcome. */
export interface StoredRow {
  /** taskKey: "cell#replicate#estimator". */
  readonly task: string;
  readonly cell: string;
  readonly replicate: number;
  readonly estimator: string;
  /** "ok": `record` holds the FitRecord; "failed": the fit threw and `error` says what. */
  readonly status: "ok" | "failed";
  /** Canonical JSON of the FitRecord (null for a failure): the same task always gives the same bytes. */
  readonly record: string | null;
  readonly error: string | null;
  readonly codeVersion: string;
  /** Wall-clock seconds of the fit (data generation excluded): the one field that differs between reruns. */
  readonly seconds: number;
}
