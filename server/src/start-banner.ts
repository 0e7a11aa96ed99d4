/**
 * What the server prints when it is listening: where it runs, how the one administrator logs in, and the demo's
 * logins on the first start. A generated password appears here once and nowhere else (never in the logs). Pure.
 */
export interface StartFacts {
  publicUrl: string;
  adminEmail: string;
  /** Whether this start created the administrator. */
  adminCreated: boolean;
  /** The administrator's password when this start generated it. */
  generatedAdminPassword?: string;
  /** The demo loader's lines, when it ran. */
  demoSummary?: string[];
}

export function startBanner(facts: StartFacts): string[] {
  const url = facts.publicUrl;
  const lines = ['', `Akte is running at ${url}  (API: ${url}/api/v1, OpenAPI: ${url}/api/v1/openapi.json)`];
  const reset = `npm run akte -- reset-password --email ${facts.adminEmail}`;
  if (!facts.adminCreated) {
    lines.push(`Administrator: ${facts.adminEmail}  (password lost? ${reset})`);
  } else if (facts.generatedAdminPassword) {
    lines.push(`Administrator: ${facts.adminEmail}  password: ${facts.generatedAdminPassword}  (shown once)`);
  } else {
    lines.push(`Administrator: ${facts.adminEmail}  password: as set in AKTE_ADMIN_PASSWORD`);
  }
  if (facts.demoSummary?.length) lines.push('', ...facts.demoSummary);
  lines.push('');
  return lines;
}
