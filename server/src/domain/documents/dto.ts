import type { DocumentRecord } from './model';

export interface DocumentDto {
  id: number;
  uid: string;
  recordType: 'partner' | 'lead';
  recordId: number;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  messageId: number | null;
  createdById: number | null;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export function documentDto(document: DocumentRecord): DocumentDto {
  return {
    id: document.id,
    uid: document.uid,
    recordType: document.recordType,
    recordId: document.recordId,
    name: document.name,
    mediaType: document.mediaType,
    size: Number(document.size),
    sha256: document.sha256,
    messageId: document.messageId === null ? null : Number(document.messageId),
    createdById: document.createdById,
    revision: Number(document.revision),
    createdAt: document.createdAt.toISOString(),
    updatedAt: document.updatedAt.toISOString(),
  };
}
