import { messageIdHash, newNoteMessageId, normalizeMessageId } from '../../../server/src/domain/messages/message-id';
import { addressRows } from '../../../server/src/domain/messages/addresses';
import { sanitizeEmailHtml } from '../../../server/src/domain/messages/sanitize-html';

describe('normalizeMessageId', () => {
  it('puts the id in angle brackets, trimmed, keeping case', () => {
    expect(normalizeMessageId(' abc@X.example ')).toBe('<abc@X.example>');
    expect(normalizeMessageId('<abc@x>')).toBe('<abc@x>');
    expect(normalizeMessageId('<<abc@x>>')).toBe('<abc@x>');
    expect(normalizeMessageId('  <>  ')).toBe('');
  });
  it('hashes equivalent spellings alike', () => {
    expect(messageIdHash('abc@x')).toBe(messageIdHash(' <abc@x> '));
    expect(messageIdHash('abc@x')).not.toBe(messageIdHash('ABC@x'));
    expect(messageIdHash('abc@x')).toMatch(/^[0-9a-f]{64}$/);
  });
  it('generates unique note ids on akte.local', () => {
    const a = newNoteMessageId();
    expect(a).toMatch(/^<[0-9a-f-]{36}@akte\.local>$/);
    expect(newNoteMessageId()).not.toBe(a);
  });
});

describe('addressRows', () => {
  it('normalizes, drops invalid and repeated addresses per role', () => {
    expect(
      addressRows(
        { address: 'A@Example.com' },
        [{ address: 'b@example.com' }, { address: 'B@EXAMPLE.com' }, { address: 'nope' }],
        [{ address: 'a@example.com' }],
      ),
    ).toEqual([
      { emailNormalized: 'a@example.com', role: 'from' },
      { emailNormalized: 'b@example.com', role: 'to' },
      { emailNormalized: 'a@example.com', role: 'cc' },
    ]);
    expect(addressRows(null, [], [])).toEqual([]);
  });
});

describe('sanitizeEmailHtml', () => {
  it('keeps formatting and safe links, opened in a new tab without referrer', () => {
    expect(sanitizeEmailHtml('<p>Hi <strong>there</strong></p>')).toBe('<p>Hi <strong>there</strong></p>');
    const link = sanitizeEmailHtml('<a href="https://x.example/">x</a>');
    expect(link).toContain('href="https://x.example/"');
    expect(link).toContain('rel="noopener noreferrer nofollow"');
    expect(link).toContain('target="_blank"');
  });
  it('removes scripts, handlers, frames, forms, unsafe CSS and dangerous link targets', () => {
    const html = sanitizeEmailHtml(
      '<div onmouseover="x()" style="background:url(https://t/bg.gif)">ok<script>bad()</script><style>p{}</style><iframe src="https://e"></iframe><form><input></form><a href="javascript:bad()">j</a><a href="//evil">p</a></div>',
    );
    expect(html).toContain('ok');
    for (const bad of [
      'onmouseover',
      'script',
      'bad()',
      '<style',
      'iframe',
      '<form',
      '<input',
      'url(',
      'javascript:',
      '//evil',
    ]) {
      expect(html).not.toContain(bad);
    }
  });
  it('never leaves a remote image source that would load when shown (tracking pixels)', () => {
    const html = sanitizeEmailHtml('<img src="https://tracker.example/p.gif"><img src="//tracker.example/q.gif">');
    expect(html).not.toMatch(/\ssrc=/);
  });
});
