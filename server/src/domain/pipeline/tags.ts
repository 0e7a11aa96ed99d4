import { col, fn, Op, Sequelize, Transaction, where as sqlWhere } from 'sequelize';
import type { DomainContext } from '../context';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { LeadTag } from '../leads/model';
import { PartnerTag } from '../partners/model';
import { trackPartnersWithTag } from '../partners/visibility';
import { Tag } from './model';

export interface TagInput {
  name: string;
  color?: string | null;
}

/** Tags are shared by every user, so any user may list, create, rename and delete them. */
export async function listTags(q?: string): Promise<Tag[]> {
  const filter = q ? sqlWhere(fn('INSTR', fn('LOWER', col('name')), fn('LOWER', q)), Op.gt, 0) : {};
  return Tag.findAll({
    where: filter,
    order: [
      ['name', 'ASC'],
      ['id', 'ASC'],
    ],
  });
}

export async function findTag(id: number, tx?: Transaction): Promise<Tag> {
  const tag = await Tag.findByPk(id, { transaction: tx });
  if (!tag) throw new NotFoundError('Tag', id);
  return tag;
}

/**
 * The unique index is case-insensitive on MariaDB but not on SQLite; checking LOWER(name) first gives both
 * databases the same rule and a clear message instead of a constraint error.
 */
async function assertNameFree(name: string, exceptId: number | null, tx: Transaction): Promise<void> {
  const clash = await Tag.findOne({
    where: {
      [Op.and]: [
        Sequelize.where(fn('LOWER', col('name')), fn('LOWER', name)),
        exceptId === null ? {} : { id: { [Op.ne]: exceptId } },
      ],
    },
    transaction: tx,
  });
  if (clash)
    throw new ConflictError(`A tag named "${clash.name}" already exists`, 'duplicate_tag', { tagId: clash.id });
}

export async function createTag(ctx: DomainContext, input: TagInput): Promise<Tag> {
  await assertNameFree(input.name, null, ctx.tx);
  return Tag.create({ name: input.name, color: input.color ?? null }, { transaction: ctx.tx });
}

export async function updateTag(ctx: DomainContext, id: number, patch: Partial<TagInput>): Promise<Tag> {
  const tag = await findTag(id, ctx.tx);
  if (patch.name !== undefined) await assertNameFree(patch.name, id, ctx.tx);
  const renamed = patch.name !== undefined && patch.name !== tag.name;
  await tag.update(patch, { transaction: ctx.tx });
  if (renamed) await trackPartnersWithTag(ctx, id);
  return tag;
}

export async function deleteTag(ctx: DomainContext, id: number): Promise<void> {
  const tag = await findTag(id, ctx.tx);
  // SQLite runs without foreign-key enforcement, so the links are removed explicitly rather than by CASCADE.
  await LeadTag.destroy({ where: { tagId: id }, transaction: ctx.tx });
  await trackPartnersWithTag(ctx, id);
  await PartnerTag.destroy({ where: { tagId: id }, transaction: ctx.tx });
  await tag.destroy({ transaction: ctx.tx });
}

/** Fails with a 400 naming the field when any of `ids` is not an existing tag. */
export async function assertTagsExist(ids: readonly number[], field: string, tx?: Transaction): Promise<void> {
  if (!ids.length) return;
  const unique = [...new Set(ids)];
  const found = await Tag.count({ where: { id: { [Op.in]: unique } }, transaction: tx });
  if (found !== unique.length) throw new ValidationError(`Unknown tag id in ${field}`, { [field]: ['Unknown tag id'] });
}
