/**
 * What the partner service accepts, in the domain's own terms. The REST schemas (api/partners/schemas.ts), the DAV
 * vCard mapping and filing each validate their own input and hand over this shape; the API checks at compile time
 * that what its schema lets through fits here.
 */
export type EmailType = 'work' | 'home' | 'other';
export type PhoneType = 'work' | 'home' | 'mobile' | 'fax' | 'other';
export type AddressType = 'work' | 'home' | 'billing' | 'delivery' | 'other';

export interface PartnerAddressInput {
  type?: AddressType;
  street?: string | null;
  street2?: string | null;
  zip?: string | null;
  city?: string | null;
  region?: string | null;
  country?: string | null;
}

export interface PartnerFieldsInput {
  isCompany?: boolean;
  companyId?: number | null;
  category?: 'customer' | 'prospect';
  jobTitle?: string | null;
  website?: string | null;
  emails?: { email: string; type?: EmailType }[];
  phones?: { number: string; type?: PhoneType }[];
  addresses?: PartnerAddressInput[];
  tagIds?: number[];
  salespersonId?: number | null;
  sourceCategory?: string | null;
  sourceDetail?: string | null;
  referredById?: number | null;
  metAtEvent?: string | null;
  /** ISO 8601 date-time with offset. */
  callbackAt?: string | null;
  contactFrequencyDays?: number | null;
  notes?: string | null;
  /** ISO 8601 date (YYYY-MM-DD). */
  birthday?: string | null;
}

export interface PartnerInput extends PartnerFieldsInput {
  name: string;
}

export interface PartnerPatch extends PartnerFieldsInput {
  name?: string;
}
