import { loginPathFor, safeReturnPath } from '../../server/web/src/session/return-path';

describe('the page after logging in', () => {
  it('is the page the user was on', () => {
    expect(safeReturnPath('/pipeline')).toBe('/pipeline');
    expect(safeReturnPath('/opportunities/7?tab=chatter')).toBe('/opportunities/7?tab=chatter');
    expect(loginPathFor('/opportunities/7?tab=x')).toBe('/login?from=%2Fopportunities%2F7%3Ftab%3Dx');
    expect(loginPathFor('/')).toBe('/login');
  });

  it('is never another site (no open redirect) nor the login itself', () => {
    for (const from of [
      null,
      '',
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'pipeline',
      '/login?from=/x',
    ]) {
      expect(safeReturnPath(from)).toBe('/');
    }
  });
});
