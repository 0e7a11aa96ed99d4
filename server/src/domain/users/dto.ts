import type { ApiToken, Role, Team, User } from './model';

export interface UserDto {
  id: number;
  email: string;
  name: string;
  role: Role;
  locale: string;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A user as the API shows it: never the password hash. */
export function userDto(user: User): UserDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    locale: user.locale,
    active: Boolean(user.active),
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

export interface TeamDto {
  id: number;
  name: string;
  leaderId: number | null;
  memberIds: number[];
  createdAt: string;
  updatedAt: string;
}

export function teamDto(team: Team, memberIds: number[]): TeamDto {
  return {
    id: team.id,
    name: team.name,
    leaderId: team.leaderId ?? null,
    memberIds: [...memberIds].sort((a, b) => a - b),
    createdAt: team.createdAt.toISOString(),
    updatedAt: team.updatedAt.toISOString(),
  };
}

export interface TokenDto {
  id: number;
  userId: number;
  name: string;
  tokenPrefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** A token as listed: the prefix identifies it to its owner; the hash never leaves the database. */
export function tokenDto(token: ApiToken): TokenDto {
  return {
    id: token.id,
    userId: token.userId,
    name: token.name,
    tokenPrefix: token.tokenPrefix,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt ? token.lastUsedAt.toISOString() : null,
    revokedAt: token.revokedAt ? token.revokedAt.toISOString() : null,
  };
}
