import { DataTypes, ModelAttributeColumnOptions, Model } from 'sequelize';

/**
 * A JSON value stored as TEXT. SQLite has no JSON type and MariaDB's JSON is LONGTEXT that mysql2 returns as a
 * string, so one explicit encoding keeps both databases identical.
 */
export function jsonText<T>(field: string, fallback: T): ModelAttributeColumnOptions<Model> {
  return {
    type: DataTypes.TEXT,
    allowNull: true,
    get(this: Model) {
      const raw = this.getDataValue(field as never) as unknown as string | null;
      return raw == null ? fallback : (JSON.parse(raw) as T);
    },
    set(this: Model, value: T | null) {
      this.setDataValue(field as never, (value == null ? null : JSON.stringify(value)) as never);
    },
  };
}
