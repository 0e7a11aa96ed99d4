/** Types of zip.js (the .xpi writer), for the tests that pack their helper extension with it. */
export function zip(files: Array<{ name: string; data: Buffer }>): Buffer;
export function crc32(data: Buffer): number;
