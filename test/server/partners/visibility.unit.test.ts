import { partnersSeenThroughLead } from '../../../server/src/domain/partners/visibility';

const lead = (partnerId: number | null, salespersonId: number | null = 1, createdById: number | null = 1) => ({
  partnerId,
  salespersonId,
  createdById,
});

describe('partnersSeenThroughLead', () => {
  it('names the partner of a new and of a deleted lead', () => {
    expect(partnersSeenThroughLead(null, lead(7))).toEqual([7]);
    expect(partnersSeenThroughLead(lead(7), null)).toEqual([7]);
  });

  it('names nothing when the lead has no partner', () => {
    expect(partnersSeenThroughLead(null, lead(null))).toEqual([]);
    expect(partnersSeenThroughLead(lead(null, 1), lead(null, 2))).toEqual([]);
  });

  it('names nothing when partner, salesperson and creator stay', () => {
    expect(partnersSeenThroughLead(lead(7), lead(7))).toEqual([]);
  });

  it('names the partner when the salesperson or the creator changes', () => {
    expect(partnersSeenThroughLead(lead(7, 1), lead(7, 2))).toEqual([7]);
    expect(partnersSeenThroughLead(lead(7, 1, 1), lead(7, 1, 3))).toEqual([7]);
    expect(partnersSeenThroughLead(lead(7, 1), lead(7, null))).toEqual([7]);
  });

  it('names the old and the new partner when the lead moves, each once', () => {
    expect(partnersSeenThroughLead(lead(7), lead(9))).toEqual([7, 9]);
    expect(partnersSeenThroughLead(lead(null), lead(9))).toEqual([9]);
  });
});
