/// <reference types="office-js" />

/**
 * Requirement sets the add-in uses beyond its manifest minimum (Mailbox 1.5), checked at run time rather than
 * assumed: Outlook versions differ (https://learn.microsoft.com/javascript/api/requirement-sets/outlook/outlook-api-requirement-sets).
 */
export const requirement = {
  /** item.getAllInternetHeadersAsync: In-Reply-To/References for thread awareness. */
  internetHeaders: '1.8',
  /** mailbox.getSelectedItemsAsync and the SelectedItemsChanged event. */
  multiSelect: '1.13',
  /** item.getAsFileAsync: the whole message as base64 MIME. */
  rawMessage: '1.14',
  /** mailbox.loadItemByIdAsync: read a selected item that is not the open one. */
  loadItemById: '1.15',
} as const;

export function mailboxSupports(version: string): boolean {
  return Boolean(Office.context.requirements?.isSetSupported('Mailbox', version));
}
