import type { DavCollection, DavHome, DavScope } from '../collections/types';
import type { XmlElement } from '../xml/parse';

export interface DavReportInput {
  scope: DavScope;
  home: DavHome;
  collection: DavCollection;
  /** The REPORT body's root element. */
  report: XmlElement;
  /** The collection's canonical href (`/dav/<home>/<user>/<segment>/`). */
  href: string;
}

/** A REPORT handler returns the multistatus document. */
/** The 207 body, in chunks (multistatusChunks). */
export type DavReport = (input: DavReportInput) => Promise<string[]>;
