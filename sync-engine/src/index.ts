export * from './codecs/fields';
export type { DecodedRecord, RecordCodec } from './codecs/codec';
export { codecFor } from './codecs';
export { contactCodec, contactOfFields, fieldsOfContact } from './codecs/contact-codec';
export { eventCodec, eventsOfFields, fieldsOfEvents } from './codecs/event-codec';
export { fieldsOfTask, taskCodec, taskOfFields } from './codecs/task-codec';
export * from './providers/provider';
export * from './engine/storage-port';
export * from './engine/cursor';
export * from './engine/diff';
export * from './engine/merge';
export * from './engine/merge-policy';
export * from './engine/identity';
export * from './engine/guards';
export * from './engine/content-hash';
export * from './engine/reconcile';
export { runRound, DEFAULT_LEASE_MS, type RunnerOptions } from './engine/runner';
export type { RoundReport, SideCounts } from './engine/round-context';
export * from './engine/documents/document-port';
export { fileContentHash, sameVersionTag } from './engine/documents/file-hash';
export {
  planFolder,
  decideLinked,
  deletionsOf,
  type FolderStep,
  type ListedFile,
} from './engine/documents/plan-folder';
export { runDocumentRound, type DocumentRunnerOptions } from './engine/documents/run-documents';
export { MAX_SUBFOLDER_DEPTH } from './engine/documents/out-of-reach';
export type {
  FolderProvider,
  RemoteFile,
  FolderListing,
  DownloadedFile,
  MoveOutcome,
} from './providers/folder-provider';
export { createWebDavFolderProvider, conflictCopyName } from './providers/webdav-folder';
