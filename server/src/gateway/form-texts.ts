import type { FormRefusal } from './form-guard';

/** The public form's words, German and English (chosen by Accept-Language; German first: Akte's default). */
export type FormLocale = 'de' | 'en';

export const formTexts = {
  de: {
    name: 'Name',
    email: 'E-Mail',
    phone: 'Telefon',
    company: 'Firma',
    subject: 'Betreff',
    message: 'Nachricht',
    send: 'Senden',
    honeypotLabel: 'Dieses Feld bitte leer lassen',
    thanks: 'Vielen Dank! Wir melden uns bald bei Ihnen.',
    refused: 'Ihre Nachricht wurde nicht angenommen',
    back: 'Zurück',
  },
  en: {
    name: 'Name',
    email: 'Email',
    phone: 'Phone',
    company: 'Company',
    subject: 'Subject',
    message: 'Message',
    send: 'Send',
    honeypotLabel: 'Please leave this field empty',
    thanks: 'Thank you! We will get back to you soon.',
    refused: 'Your message was not accepted',
    back: 'Back',
  },
} as const;

export const refusalTexts: Record<
  FormRefusal | 'too_many' | 'origin' | 'too_large' | 'invalid' | 'gone',
  Record<FormLocale, string>
> = {
  honeypot: {
    de: 'Ein verstecktes Feld wurde ausgefüllt (Schutz vor automatischen Einsendungen).',
    en: 'A hidden field was filled in (protection against automated submissions).',
  },
  too_fast: {
    de: 'Das Formular wurde zu schnell abgeschickt. Bitte warten Sie einen Moment und senden Sie es erneut.',
    en: 'The form was sent too quickly. Please wait a moment and send it again.',
  },
  stale_form: {
    de: 'Das Formular ist veraltet. Bitte laden Sie die Seite neu.',
    en: 'The form has expired. Please reload the page.',
  },
  no_start_time: {
    de: 'Das Formular wurde ohne seine Seite abgeschickt (JavaScript ist nötig).',
    en: 'The form was sent without its page (JavaScript is required).',
  },
  too_many: {
    de: 'Zu viele Einsendungen von Ihrer Adresse. Bitte versuchen Sie es später erneut.',
    en: 'Too many submissions from your address. Please try again later.',
  },
  origin: {
    de: 'Dieses Formular darf von dieser Website nicht abgeschickt werden.',
    en: 'This form may not be sent from this website.',
  },
  too_large: { de: 'Die Einsendung ist zu groß.', en: 'The submission is too large.' },
  invalid: { de: 'Bitte prüfen Sie Ihre Angaben.', en: 'Please check your entries.' },
  gone: { de: 'Dieses Formular gibt es nicht (mehr).', en: 'This form does not exist (any more).' },
};

export function localeOf(acceptLanguage: string | undefined): FormLocale {
  const first = (acceptLanguage ?? '').split(',')[0].trim().toLowerCase();
  return first.startsWith('en') ? 'en' : 'de';
}

/**
 * The confirmation a visitor gets (form-confirmation.ts), in their language. Fixed words and the form's name (set by
 * an administrator) only: nothing the visitor typed, since whoever posts the form chooses the address it goes to.
 */
export function confirmationTexts(name: string, locale: FormLocale): { subject: string; body: string } {
  // The text goes through the placeholder renderer of sent mail: braces in a form's name must not become one.
  const formName = name.replace(/[{}]/g, '');
  if (locale === 'en')
    return {
      subject: `We have received your message (${formName})`,
      body:
        'Hello,\n\nthank you for your message. We have received it and will get back to you soon.\n\n' +
        `This email was sent automatically because this address was entered in the form "${formName}". ` +
        'If that was not you, please ignore it.',
    };
  return {
    subject: `Ihre Nachricht ist bei uns eingegangen (${formName})`,
    body:
      'Guten Tag,\n\nvielen Dank für Ihre Nachricht. Sie ist bei uns eingegangen, und wir melden uns bald bei Ihnen.\n\n' +
      `Diese E-Mail wurde automatisch versandt, weil diese Adresse im Formular „${formName}“ angegeben wurde. ` +
      'Falls Sie das nicht waren, können Sie sie ignorieren.',
  };
}
