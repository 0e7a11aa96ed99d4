// libmime (nodemailer family, mailparser's own header decoder) ships no types: the two methods header screening uses.
// It exports an instance whose methods use `this`: call them on it (libmime.decodeWords), never detached.
declare module 'libmime' {
  interface Libmime {
    /** Splits a header line into its lower-case key and its unfolded value. */
    decodeHeader(line: string): { key: string; value: string };
    /** Decodes the RFC 2047 encoded words of a header value. */
    decodeWords(value: string): string;
  }
  const libmime: Libmime;
  export default libmime;
}
