export interface EnsureCliBundleOptions {
  /** Hears about a build (a fresh install, or sources changed since the last one). */
  log?: (line: string) => void;
  /** The workspace root; default this repository. */
  root?: string;
  /** The entry module, relative to root; default apps/cli/src/main.ts. */
  entry?: string;
}

/** The bundle's entry file, built first when missing or stale (ADR 0027). */
export function ensureCliBundle(options?: EnsureCliBundleOptions): Promise<string>;
