import { type FactoryProvider } from '@nestjs/common';
import { type PdCategoryId } from './pd-categories';

/**
 * Each module declares, next to its tables, which columns hold personal data and of which
 * category, and which columns only look personal (REG-5: the code and the register agree).
 * A test walks every column of the migrated database against these declarations and the
 * registers: an undeclared column whose name looks personal fails it, and so does a category
 * the registers do not declare.
 */
/** The marker for a column whose name looks personal but that holds none; say why. */
export interface NotPersonal {
  notPersonal: string;
}

export type ColumnAnnotation = PdCategoryId | NotPersonal;

export interface PersonalTableAnnotation {
  table: string;
  /**
   * Whose data the table holds as the register sees it: 'platform' when the platform is the
   * operator (its users, employees, logs, billing), 'tenant' when a business is the operator and
   * the platform its processor (clients' messages, consents, requests; 152-FZ art. 6 part 3).
   */
  layer: 'platform' | 'tenant';
  columns: Record<string, ColumnAnnotation>;
}

export function isNotPersonal(annotation: ColumnAnnotation): annotation is NotPersonal {
  return typeof annotation === 'object';
}

/** Collects the annotations that modules register at start-up; the register's gap checks read them. */
export class PersonalColumnCatalogue {
  private readonly tables = new Map<string, PersonalTableAnnotation>();

  register(...annotations: PersonalTableAnnotation[]): void {
    for (const annotation of annotations) {
      if (this.tables.has(annotation.table)) throw new Error(`Table "${annotation.table}" is annotated twice`);
      this.tables.set(annotation.table, annotation);
    }
  }

  list(): PersonalTableAnnotation[] {
    return [...this.tables.values()];
  }
}

/** The provider a module lists to put its annotations into the catalogue at start-up. */
export function personalColumnsProvider(module: string, annotations: PersonalTableAnnotation[]): FactoryProvider {
  return {
    provide: `perepiska:personal-columns:${module}`,
    inject: [PersonalColumnCatalogue],
    useFactory: (catalogue: PersonalColumnCatalogue) => catalogue.register(...annotations),
  };
}
