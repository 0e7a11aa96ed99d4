import type { Role } from '../domain/users/model';

/** Who is acting: resolved once per request by authentication, then handed to the policy. */
export interface Actor {
  userId: number;
  email: string;
  name: string;
  role: Role;
  teamIds: number[];
}
