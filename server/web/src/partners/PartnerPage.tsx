import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Partner } from '../../../../core/src/api-client';
import { RecordActivities } from '../activities/RecordActivities';
import { prefetchPartnerPage } from '../app/page-data';
import { DocumentUpload } from '../chatter/DocumentUpload';
import { NoteComposer } from '../chatter/Chatter';
import { formatDateTime } from '../ui/format';
import { ErrorMessage, Loading, NotFound } from '../ui/states';
import { LogContactForm } from './LogContactForm';
import { MergeDialog } from './MergeDialog';
import { PartnerFields } from './PartnerFields';
import { partnerQuery } from './queries';
import { RelatedPanels } from './RelatedPanels';
import { TotalHistory } from './TotalHistory';

/**
 * A partner's form: its fields, contact rhythm and callback, "log a contact", its contact persons and open
 * opportunities, planned activities, and the total history of everything about it and its leads. "Not found"
 * for a partner the access policy hides.
 */
export function PartnerPage() {
  const id = Number(useParams().id);
  const valid = Number.isSafeInteger(id) && id > 0;
  const partner = useQuery({ ...partnerQuery(id), enabled: valid });
  const queryClient = useQueryClient();
  // The total history (the slowest request of the page) and the panels in parallel with the partner, not after it
  // arrived and the form rendered.
  useEffect(() => {
    if (valid) prefetchPartnerPage(queryClient, id);
  }, [queryClient, id, valid]);
  if (!valid) return <NotFound />;
  if (partner.isPending) return <Loading />;
  if (partner.isError) return <ErrorMessage error={partner.error} onRetry={() => void partner.refetch()} />;
  return <PartnerForm key={partner.data.id} partner={partner.data} />;
}

function PartnerForm({ partner }: { partner: Partner }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [merging, setMerging] = useState(false);
  const record = { recordType: 'partner' as const, recordId: partner.id };
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ['partners'] });
    await queryClient.invalidateQueries({ queryKey: ['partner-history', partner.id] });
  };
  const when = (instant: string | null) => (instant ? formatDateTime(instant, i18n.language) : t('partners.never'));
  return (
    <article className="record">
      <p>
        <Link to="/partners">{t('partners.back')}</Link>
      </p>
      <header className="record-header">
        <h1>{partner.name}</h1>
        <p className="badge">
          {partner.isCompany ? t('partners.company') : t('partners.person')} ·{' '}
          {t(`partners.categories.${partner.category}`)}
        </p>
        {partner.company ? (
          <Link to={`/partners/${partner.company.id}`}>{t('partners.worksAt', { name: partner.company.name })}</Link>
        ) : null}
        <div className="record-actions">
          <button type="button" onClick={() => setMerging(true)}>
            {t('merge.open')}
          </button>
        </div>
      </header>
      <dl className="record-fields contact-figures">
        <dt>{t('partners.lastContact')}</dt>
        <dd data-field="lastContactAt">{when(partner.lastContactAt)}</dd>
        <dt>{t('partners.contactCount')}</dt>
        <dd data-field="contactCount">{partner.contactCount}</dd>
        <dt>{t('partners.callback')}</dt>
        <dd data-field="callbackAt">{partner.callbackAt ? when(partner.callbackAt) : '—'}</dd>
      </dl>
      <div className="record-columns">
        <div>
          <LogContactForm partner={partner} onLogged={refresh} />
          <PartnerFields partner={partner} onSaved={refresh} />
          <RelatedPanels partner={partner} />
          <RecordActivities record={record} />
        </div>
        <section className="panel chatter" aria-labelledby="history-title">
          <h2 id="history-title">{t('history.title')}</h2>
          <NoteComposer record={record} onFiled={refresh} />
          <DocumentUpload record={record} onUploaded={refresh} />
          <TotalHistory partnerId={partner.id} />
        </section>
      </div>
      {merging ? (
        <MergeDialog
          partner={partner}
          onClose={() => setMerging(false)}
          onDone={async () => {
            setMerging(false);
            // Leads, mail, documents, activities and contacts moved: everything shown may have changed.
            await queryClient.invalidateQueries();
          }}
        />
      ) : null}
    </article>
  );
}
