import { useMutation, useQueryClient } from '@tanstack/react-query';
import { DragEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { ErrorNotice } from '../ui/states';
import type { RecordRef } from './Chatter';

/** Upload by button (a real file input, keyboard-usable) or by dropping files on the zone; one request per file. */
export function DocumentUpload({ record, onUploaded }: { record: RecordRef; onUploaded?: () => Promise<void> }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const upload = useMutation({
    mutationFn: async (files: File[]) => {
      for (const file of files) {
        await api.uploadDocument(record, file.name, new Uint8Array(await file.arrayBuffer()), file.type);
      }
    },
    onSettled: async () => {
      if (input.current) input.current.value = '';
      await queryClient.invalidateQueries({ queryKey: ['documents', record] });
      await queryClient.invalidateQueries({ queryKey: ['history', record] });
      await onUploaded?.();
    },
  });
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const files = [...event.dataTransfer.files];
    if (files.length) upload.mutate(files);
  };
  const id = `upload-${record.recordType}-${record.recordId}`;
  return (
    <div
      className={`drop-zone${over ? ' drop-zone-over' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <label htmlFor={id}>{t('chatter.upload')}</label>
      <input
        id={id}
        ref={input}
        type="file"
        multiple
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          if (files.length) upload.mutate(files);
        }}
      />
      <span className="hint">{upload.isPending ? t('chatter.uploading') : t('chatter.dropHint')}</span>
      <ErrorNotice error={upload.error} />
    </div>
  );
}
