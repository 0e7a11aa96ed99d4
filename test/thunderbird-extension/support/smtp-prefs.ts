/**
 * Thunderbird's prefs for the test's SMTP server (test/support/smtp-sink.ts) as the outgoing server of the profile (what the account settings' "Outgoing
 * Server (SMTP)" page writes): no authentication (authMethod 1), no TLS (try_ssl 0).
 */
export function smtpPrefs(key: string, port: number): Record<string, string | number> {
  return {
    'mail.smtpservers': key,
    'mail.smtp.defaultserver': key,
    [`mail.smtpserver.${key}.hostname`]: '127.0.0.1',
    [`mail.smtpserver.${key}.port`]: port,
    [`mail.smtpserver.${key}.authMethod`]: 1,
    [`mail.smtpserver.${key}.try_ssl`]: 0,
    [`mail.smtpserver.${key}.description`]: 'Akte test SMTP',
  };
}
