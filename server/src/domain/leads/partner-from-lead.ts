/**
 * What partners a lead's free-text contact data becomes (Odoo's `_create_customer`): a company and its contact
 * person when both names are known, otherwise one partner. The e-mail and phone go to the person, because that
 * is whom they reach. Pure: the caller creates the records.
 */
export interface LeadContact {
  contactName: string | null;
  companyName: string | null;
  emailFrom: string | null;
  phone: string | null;
}

export interface PartnerDraft {
  name: string;
  isCompany: boolean;
  emails: Array<{ email: string; type: 'work' }>;
  phones: Array<{ number: string; type: 'work' }>;
}

export interface PartnerPlan {
  company: PartnerDraft | null;
  /** Linked to `company` when both exist. */
  person: PartnerDraft | null;
}

const clean = (value: string | null): string | null => (value && value.trim() ? value.trim() : null);

export function hasContactData(lead: LeadContact): boolean {
  return [lead.contactName, lead.companyName, lead.emailFrom, lead.phone].some((v) => clean(v) !== null);
}

export function planPartners(lead: LeadContact): PartnerPlan {
  const contactName = clean(lead.contactName);
  const companyName = clean(lead.companyName);
  const email = clean(lead.emailFrom);
  const phone = clean(lead.phone);
  const reach = {
    emails: email ? [{ email, type: 'work' as const }] : [],
    phones: phone ? [{ number: phone, type: 'work' as const }] : [],
  };
  const noReach = { emails: [], phones: [] };
  if (companyName && contactName) {
    return {
      company: { name: companyName, isCompany: true, ...noReach },
      person: { name: contactName, isCompany: false, ...reach },
    };
  }
  if (companyName) return { company: { name: companyName, isCompany: true, ...reach }, person: null };
  // Without any name the address (or number) is the best label a person will recognise.
  const name = contactName ?? email ?? phone;
  if (!name) return { company: null, person: null };
  return { company: null, person: { name, isCompany: false, ...reach } };
}
