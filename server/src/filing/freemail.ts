/**
 * Mailbox providers whose domain says nothing about the company a person works for: an address at one of them is
 * never matched to a company by domain (everyone at gmail.com is not one customer). Families with many country
 * domains (yahoo.de, yahoo.co.uk, hotmail.fr, …) are matched by their first label.
 */
const freemailDomains = new Set([
  'gmail.com',
  'googlemail.com',
  'gmx.de',
  'gmx.net',
  'gmx.at',
  'gmx.ch',
  'gmx.com',
  'web.de',
  't-online.de',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'aol.de',
  'msn.com',
  'ymail.com',
  'protonmail.com',
  'proton.me',
  'pm.me',
  'mail.de',
  'freenet.de',
  'posteo.de',
  'posteo.net',
  'mailbox.org',
  'arcor.de',
  'online.de',
  'mail.ru',
  'zoho.com',
  'tutanota.com',
  'tutanota.de',
  'tuta.io',
  'bluewin.ch',
  'aon.at',
  'gmx.fr',
  'laposte.net',
  'orange.fr',
  'free.fr',
  'libero.it',
  'virgilio.it',
  'fastmail.com',
  'hushmail.com',
  'seznam.cz',
  'wp.pl',
  'o2.pl',
]);
const freemailFamilies = new Set(['yahoo', 'outlook', 'hotmail', 'live', 'yandex']);

export function isFreemailDomain(domain: string): boolean {
  const d = domain.trim().toLowerCase();
  if (freemailDomains.has(d)) return true;
  return freemailFamilies.has(d.split('.')[0]);
}
