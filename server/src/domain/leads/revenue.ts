/** Money is stored as DECIMAL(15,2): round sums the same way so API numbers equal what the database would hold. */
export function roundMoney(amount: number): number {
  return Math.round((amount + Number.EPSILON) * 100) / 100;
}

/** Expected revenue weighted by the win probability (percent): what a pipeline forecast adds up. */
export function weightedRevenue(expectedRevenue: number, probability: number): number {
  return roundMoney((expectedRevenue * probability) / 100);
}
