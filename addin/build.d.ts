/** Bundles the add-in (see build.js) into `outdir` (default addin/dist); source maps only with `sourcemap`. */
export function buildAddin(options?: { outdir?: string; minify?: boolean; sourcemap?: boolean }): Promise<string>;
