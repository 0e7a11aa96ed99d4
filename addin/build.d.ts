/** Bundles the add-in (see build.js) into `outdir` (default addin/dist). */
export function buildAddin(options?: { outdir?: string; minify?: boolean }): Promise<string>;
