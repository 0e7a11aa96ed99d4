import { DataTypes } from 'sequelize';

/**
 * The columns a LeaseTable works on (leases.ts), as a model declares them: who holds the row, until when, and its
 * fencing token. Spread into the model's attributes; the migration that creates the table makes the same columns.
 * Fresh objects on every call: Model.init writes into the definitions it is given (its model, the field name).
 */
export function leaseAttributes() {
  return {
    leaseOwner: { type: DataTypes.STRING(100), allowNull: true },
    leaseExpiresAt: { type: DataTypes.DATE(3), allowNull: true },
    fenceToken: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
  };
}
