/**
 * Content-addressed storage for document bodies: a blob is stored once under its SHA-256, whatever record refers
 * to it. The default implementation is a folder (file-blob-store.ts); an S3-compatible store implements the same
 * four methods.
 */
export interface BlobStore {
  /** Stores `content` and returns its hex SHA-256; storing the same bytes twice is a no-op. */
  put(content: Buffer): Promise<string>;
  get(sha256: string): Promise<Buffer | null>;
  has(sha256: string): Promise<boolean>;
  delete(sha256: string): Promise<void>;
}
