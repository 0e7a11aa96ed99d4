import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { Lead } from '../../../../core/src/api-client';
import { RecordActivities } from '../activities/RecordActivities';
import { prefetchLeadPage } from '../app/page-data';
import { api } from '../api/client';
import { Chatter } from '../chatter/Chatter';
import { LostDialog } from '../pipeline/LostDialog';
import { ErrorMessage, ErrorNotice, Loading, NotFound } from '../ui/states';
import { ConvertDialog } from './ConvertDialog';
import { LeadFields } from './LeadFields';
import { leadQuery } from './queries';
import { StageBar } from './StageBar';

/**
 * The form of a lead or an opportunity (one model on the server): all fields, the stage bar, the actions (won,
 * lost with a reason, restore; convert for a lead), the planned activities and the record's chatter. The access
 * policy answers 404 for a record the user may not see, the same as for one that does not exist: "not found".
 */
export function OpportunityPage() {
  const id = Number(useParams().id);
  const valid = Number.isSafeInteger(id) && id > 0;
  const lead = useQuery({ ...leadQuery(id), enabled: valid });
  const queryClient = useQueryClient();
  // What the form shows below the record (its chatter, its activities) needs only the record's id: asked for
  // together with the record, not after it arrived and the form rendered (one wave of requests instead of two).
  useEffect(() => {
    if (valid) prefetchLeadPage(queryClient, id);
  }, [queryClient, id, valid]);

  if (!valid) return <NotFound />;
  if (lead.isPending) return <Loading />;
  if (lead.isError) return <ErrorMessage error={lead.error} onRetry={() => void lead.refetch()} />;
  return <RecordForm key={lead.data.id} lead={lead.data} />;
}

function RecordForm({ lead }: { lead: Lead }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<'lost' | 'convert' | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['leads'] });
  const refreshAll = async () => {
    await refresh();
    await queryClient.invalidateQueries({ queryKey: ['history'] });
  };
  const won = useMutation({ mutationFn: () => api.markLeadWon(lead.id), onSuccess: refreshAll });
  const restore = useMutation({ mutationFn: () => api.restoreLead(lead.id), onSuccess: refreshAll });
  const isLead = lead.type === 'lead';
  const open = lead.state === 'open' && lead.active;
  const failed = won.error ?? restore.error;
  const record = { recordType: 'lead' as const, recordId: lead.id };

  return (
    <article className="record">
      <p>
        <Link to={isLead ? '/leads' : '/pipeline'}>{isLead ? t('leads.back') : t('opportunity.back')}</Link>
      </p>
      <header className="record-header">
        <h1>{lead.name}</h1>
        <p className={`badge badge-${lead.state}`} data-state={lead.state}>
          {isLead ? t('leads.kind') : t('opportunity.kind')} · {t(`opportunity.states.${lead.state}`)}
          {!lead.active && lead.state === 'open' ? ` · ${t('pipeline.badges.archived')}` : ''}
        </p>
        <div className="record-actions">
          {isLead && open ? (
            <button type="button" onClick={() => setDialog('convert')}>
              {t('leads.convert')}
            </button>
          ) : null}
          {!isLead && open ? (
            <button type="button" onClick={() => won.mutate()} disabled={won.isPending}>
              {t('opportunity.markWon')}
            </button>
          ) : null}
          {open ? (
            <button type="button" onClick={() => setDialog('lost')}>
              {t('opportunity.markLost')}
            </button>
          ) : (
            <button type="button" onClick={() => restore.mutate()} disabled={restore.isPending}>
              {t('pipeline.restore')}
            </button>
          )}
        </div>
      </header>
      <ErrorNotice error={failed} />
      {!isLead ? <StageBar lead={lead} onMoved={refreshAll} /> : null}
      {lead.partnerId ? (
        <p>
          <Link to={`/partners/${lead.partnerId}`}>{t('opportunity.partner')}</Link>
        </p>
      ) : null}
      <div className="record-columns">
        <div>
          <LeadFields lead={lead} onSaved={refreshAll} />
          <RecordActivities record={record} />
        </div>
        <Chatter record={record} />
      </div>
      {dialog === 'lost' ? (
        <LostDialog
          lead={lead}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            void refreshAll();
          }}
        />
      ) : null}
      {dialog === 'convert' ? (
        <ConvertDialog
          lead={lead}
          onClose={() => setDialog(null)}
          onDone={async () => {
            setDialog(null);
            await refreshAll();
            void navigate(`/opportunities/${lead.id}`);
          }}
        />
      ) : null}
    </article>
  );
}
