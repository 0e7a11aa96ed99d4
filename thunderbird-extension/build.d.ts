/** Types of build.js for the tests that build the extension into a temporary folder. */
export function buildThunderbird(options?: {
  outdir?: string;
  testChannel?: string;
  minify?: boolean;
}): Promise<string>;
