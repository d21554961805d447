/**
 * Every column that holds an envelope-encrypted value is declared here by the module that owns
 * it, so the key-rotation command can find all of them without knowing any domain.
 */
export interface EncryptedColumn {
  table: string;
  primaryKey: string;
  column: string;
}

export class EncryptedColumnRegistry {
  private readonly columns = new Map<string, EncryptedColumn>();

  register(column: EncryptedColumn): void {
    for (const identifier of [column.table, column.primaryKey, column.column]) {
      if (!/^[a-z_][a-z0-9_]*$/.test(identifier)) {
        throw new Error(`Encrypted column identifier "${identifier}" must be a lower-case SQL name`);
      }
    }
    this.columns.set(`${column.table}.${column.column}`, column);
  }

  list(): EncryptedColumn[] {
    return [...this.columns.values()];
  }
}
