import { useTranslation } from 'react-i18next';
import { api } from '../api/client';

/**
 * An e-mail's body, never inserted into the app's page: the server serves it as a page of its own (GET
 * /messages/:id/body, sanitized on arrival, with a CSP that runs no script and loads nothing remote), and the
 * browser shows it in a sandboxed frame — no `allow-scripts`, no `allow-same-origin` (an opaque origin that cannot
 * reach the app's cookies or DOM), no forms, no top navigation. Links may open a new tab (`allow-popups`), which
 * the sanitizer already made `noopener`.
 */
export const EMAIL_FRAME_SANDBOX = 'allow-popups allow-popups-to-escape-sandbox';

export function EmailFrame({ messageId, subject }: { messageId: number; subject: string | null }) {
  const { t } = useTranslation();
  return (
    <iframe
      className="email-frame"
      sandbox={EMAIL_FRAME_SANDBOX}
      src={api.messageBodyUrl(messageId)}
      title={t('chatter.emailBody', { subject: subject ?? t('chatter.noSubject') })}
      referrerPolicy="no-referrer"
      loading="lazy"
    />
  );
}
