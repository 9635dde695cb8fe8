/** Types of node-bundle.mjs (plain JavaScript, so build scripts run it without a compiler). */
export interface NodeBundleOptions {
  /** The package the bundle belongs to: inputs are recorded relative to it. */
  readonly packageDir: string;
  /** Output name (without extension) → TypeScript or JavaScript entry file. */
  readonly entryPoints: Readonly<Record<string, string>>;
  readonly outdir: string;
  readonly inputsFile: string;
  /** Files that decide how the bundle is built (the calling script): a change to one makes the bundle stale. */
  readonly configFiles?: readonly string[];
  /** Packages left to Node's resolution at run time besides `highs` (native modules, large dependencies). */
  readonly external?: readonly string[];
  readonly define?: Readonly<Record<string, string>>;
}

export interface NodeBundleResult {
  readonly inputs: readonly string[];
  readonly outputs: readonly { readonly path: string; readonly bytes: number }[];
}

export function buildNodeBundle(options: NodeBundleOptions): Promise<NodeBundleResult>;

export function bundleIsCurrent(files: { readonly bundle: string; readonly inputsFile: string; readonly packageDir: string }): boolean;
