export * from './normalize';
export * from './vcard';
export * from './icalendar';
export * from './api-client';
