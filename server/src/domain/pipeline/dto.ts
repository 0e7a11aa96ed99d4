import type { LostReason as WireLostReason, Stage as WireStage } from '@akte/core';
import type { LostReason, Stage, Tag } from './model';

/** Built on core's wire types, which the back office reads: the compiler keeps the two from drifting apart. */
export interface StageDto extends WireStage {
  createdAt: string;
  updatedAt: string;
}

export interface LostReasonDto extends WireLostReason {
  createdAt: string;
  updatedAt: string;
}

export interface TagDto {
  id: number;
  name: string;
  color: string | null;
  createdAt: string;
  updatedAt: string;
}

export function stageDto(stage: Stage): StageDto {
  return {
    id: stage.id,
    name: stage.name,
    sequence: stage.sequence,
    probability: Number(stage.probability),
    folded: Boolean(stage.folded),
    isWon: Boolean(stage.isWon),
    teamId: stage.teamId,
    createdAt: stage.createdAt.toISOString(),
    updatedAt: stage.updatedAt.toISOString(),
  };
}

export function lostReasonDto(reason: LostReason): LostReasonDto {
  return {
    id: reason.id,
    name: reason.name,
    active: Boolean(reason.active),
    createdAt: reason.createdAt.toISOString(),
    updatedAt: reason.updatedAt.toISOString(),
  };
}

export function tagDto(tag: Tag): TagDto {
  return {
    id: tag.id,
    name: tag.name,
    color: tag.color,
    createdAt: tag.createdAt.toISOString(),
    updatedAt: tag.updatedAt.toISOString(),
  };
}
