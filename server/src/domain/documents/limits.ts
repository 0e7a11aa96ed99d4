/**
 * The largest document body accepted, by REST upload and WebDAV PUT alike (a body parser limit string). Larger
 * bodies answer 413 before anything is stored.
 */
export const DOCUMENT_UPLOAD_LIMIT = '50mb';
