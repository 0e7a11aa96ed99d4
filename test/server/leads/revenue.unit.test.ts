import { roundMoney, weightedRevenue } from '../../../server/src/domain/leads/revenue';

describe('weightedRevenue', () => {
  it('weights revenue by probability percent', () => {
    expect(weightedRevenue(10000, 30)).toBe(3000);
    expect(weightedRevenue(1234.56, 10)).toBe(123.46);
    expect(weightedRevenue(999.99, 0)).toBe(0);
    expect(weightedRevenue(999.99, 100)).toBe(999.99);
  });
  it('rounds half-cents up like the DECIMAL(15,2) column', () => {
    expect(weightedRevenue(1.01, 50)).toBe(0.51);
    expect(roundMoney(1.005)).toBe(1.01);
    expect(roundMoney(0.1 + 0.2)).toBe(0.3);
  });
});
