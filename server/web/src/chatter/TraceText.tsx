import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TraceEntry } from '../../../../core/src/api-client';
import { stagesQuery } from '../api/reference-data';
import { traceWording } from './trace-wording';

/** A history entry in words: "Stage: New → Qualified", "Marked won", "Converted to an opportunity". */
export function TraceText({ trace }: { trace: TraceEntry }) {
  const { t, i18n } = useTranslation();
  // A changed field by its label on the forms where there is one, else by its API name.
  const fieldName = (field: string) => {
    const key = [`leadFields.${field}`, `partnerFields.${field}`].find((candidate) => i18n.exists(candidate));
    return key ? t(key) : field;
  };
  const stages = useQuery(stagesQuery);
  const stageName = (id: unknown) =>
    stages.data?.find((stage) => stage.id === id)?.name ?? (id === null || id === undefined ? '—' : String(id));
  const wording = traceWording(trace);
  switch (wording.key) {
    case 'stage':
      return <>{t('chatter.trace.stage', { from: stageName(wording.from), to: stageName(wording.to) })}</>;
    case 'update':
      return <>{t('chatter.trace.update', { fields: wording.fields.map(fieldName).join(', ') })}</>;
    case 'contact':
      return <>{t('chatter.trace.contact', { channel: t(`contactChannels.${wording.channel}`) })}</>;
    default:
      return <>{t(`chatter.trace.${wording.key}`)}</>;
  }
}
