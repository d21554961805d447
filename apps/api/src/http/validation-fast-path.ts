import { type ValidationArguments, type ValidatorOptions, ValidationTypes, getMetadataStorage } from 'class-validator';

type MetadataStorage = ReturnType<typeof getMetadataStorage>;
type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];
type Constraint = ReturnType<MetadataStorage['getTargetValidatorConstraints']>[number];
type Class = abstract new (...args: never[]) => unknown;
/** `true` when class-validator would find nothing wrong with the object; `false` when it might. */
type Check = (object: object) => boolean;

const { CUSTOM_VALIDATION, NESTED_VALIDATION, CONDITIONAL_VALIDATION, IS_DEFINED, WHITELIST } = ValidationTypes;
const HANDLED = new Set<string>([CUSTOM_VALIDATION, NESTED_VALIDATION, CONDITIONAL_VALIDATION, IS_DEFINED, WHITELIST]);

const isPromise = (value: unknown): boolean => value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
const isCollection = (value: unknown): value is unknown[] | Set<unknown> | Map<unknown, unknown> => Array.isArray(value) || value instanceof Set || value instanceof Map;
const itemsOf = (value: unknown[] | Set<unknown> | Map<unknown, unknown>): unknown[] => (Array.isArray(value) ? value : [...value.values()]);

/** One rule as class-validator's `customValidations` runs it, with the same arguments. */
function passes(targetName: string, object: object, value: unknown, metadata: ValidationMetadata, constraint: Constraint): boolean {
  const args: ValidationArguments = { targetName, property: metadata.propertyName, object, value, constraints: metadata.constraints };
  if (!metadata.each || !isCollection(value)) return valid(constraint.instance.validate(value, args));
  for (const item of itemsOf(value)) if (!valid(constraint.instance.validate(item, args))) return false;
  return true;
}

/** A promise is an asynchronous rule's answer: left to class-validator, which awaits it. */
const valid = (answer: unknown): boolean => Boolean(answer) && !isPromise(answer);

/** Calls `listener` whenever a rule or a constraint is registered in `storage`, before it is. */
export function onRulesChanged(storage: MetadataStorage, listener: () => void): void {
  const addRule = storage.addValidationMetadata.bind(storage);
  const addConstraint = storage.addConstraintMetadata.bind(storage);
  storage.addValidationMetadata = (metadata) => {
    listener();
    addRule(metadata);
  };
  storage.addConstraintMetadata = (metadata) => {
    listener();
    addConstraint(metadata);
  };
}

/**
 * Tells, for most valid requests and much faster than class-validator does, that class-validator
 * would find nothing wrong: the DTO's rules, read from class-validator's own metadata, are
 * compiled once per class into one function that runs the rules' own `validate` functions with
 * the same arguments, skipping what class-validator spends per object on finding the rules and
 * on building an error object for every property, valid or not (most of the time an inbound
 * post of 100 messages spent in validation).
 *
 * It only ever answers "nothing wrong" or "ask class-validator": an unknown property, a value
 * a rule refuses, an asynchronous rule, a kind of rule it does not know, anything it is unsure
 * of, and the object goes through class-validator as before, which finds and words the errors.
 * It is never more lenient than class-validator: the options that make class-validator skip
 * rules (`skipMissingProperties` and the like) only make it the stricter of the two, and a
 * property without rules is always left to class-validator, which refuses or strips it.
 */
export class ValidationFastPath {
  private static readonly shared = new Map<string, ValidationFastPath>();

  /** One per choice of rules, however many pipes (and test applications) ask. */
  static for(options: ValidatorOptions | undefined): ValidationFastPath {
    const key = JSON.stringify([options?.groups ?? null, options?.strictGroups ?? false, options?.always ?? false]);
    let fastPath = this.shared.get(key);
    if (!fastPath) this.shared.set(key, (fastPath = new ValidationFastPath(options)));
    return fastPath;
  }

  private checks = new Map<unknown, Map<string | undefined, Check | null>>();
  private readonly storage = getMetadataStorage();
  private readonly groups: string[] | undefined;
  private readonly strictGroups: boolean;
  private readonly always: boolean;

  private constructor(options: ValidatorOptions | undefined) {
    // The rules of a class are chosen as class-validator chooses them for these options.
    this.groups = options?.groups;
    this.strictGroups = options?.strictGroups ?? false;
    this.always = options?.always ?? false;
    // A rule or constraint registered later (a module loaded late) is compiled in from then on.
    onRulesChanged(this.storage, () => (this.checks = new Map()));
  }

  /** Whether class-validator would answer no errors for `object` (a DTO instance). */
  accepts(object: unknown): boolean {
    return object !== null && typeof object === 'object' && this.execute(object, undefined);
  }

  /** class-validator's `execute`: the rules of the object's class, under `schema` as it passes it. */
  private execute(object: object, schema: string | undefined): boolean {
    if (typeof object.constructor !== 'function') return false;
    let ofClass = this.checks.get(object.constructor);
    if (!ofClass) this.checks.set(object.constructor, (ofClass = new Map<string | undefined, Check | null>()));
    let check = ofClass.get(schema);
    if (check === undefined) ofClass.set(schema, (check = this.compile(object.constructor as Class, schema)));
    return check !== null && check(object);
  }

  /** The check of one class, or null when every object of it is left to class-validator. */
  private compile(target: Class, schema: string | undefined): Check | null {
    const metadatas = this.storage.getTargetValidationMetadatas(target, schema as string, this.always, this.strictGroups, this.groups);
    // A class without rules is an "unknown value" to class-validator (or passes, if told so): its call.
    if (!metadatas.length || metadatas.some((m) => !HANDLED.has(m.type))) return null;
    const byProperty = this.storage.groupByPropertyName(metadatas);
    const known = new Set(Object.keys(byProperty));
    const properties = Object.entries(byProperty).map(([property, rules]) => this.compileProperty(target.name, property, rules));
    return (object) => {
      for (const key of Object.keys(object)) if (!known.has(key)) return false;
      for (const property of properties) if (!property(object)) return false;
      return true;
    };
  }

  /** class-validator's `performValidations` for one property, answering only whether it found nothing. */
  private compileProperty(targetName: string, property: string, rules: ValidationMetadata[]): Check {
    const conditions = rules.filter((m) => m.type === CONDITIONAL_VALIDATION);
    // Defined-checks first, then the rest, in class-validator's order.
    const checked = [...rules.filter((m) => m.type === IS_DEFINED), ...rules.filter((m) => m.type === CUSTOM_VALIDATION)].flatMap((metadata) =>
      this.storage.getTargetValidatorConstraints(metadata.constraintCls).map((constraint) => ({ metadata, constraint })),
    );
    const nested = rules.filter((m) => m.type === NESTED_VALIDATION);
    return (object) => {
      const value = (object as Record<string, unknown>)[property];
      // Every condition is asked, as class-validator asks them; any false skips the property.
      let applies = true;
      for (const condition of conditions) applies = (condition.constraints[0] as (o: object, v: unknown) => boolean)(object, value) && applies;
      if (!applies) return true;
      for (const { metadata, constraint } of checked) if (!passes(targetName, object, value, metadata, constraint)) return false;
      return this.nestedPass(value, nested);
    };
  }

  /** class-validator's `nestedValidations`: collections item by item, objects by their own class. */
  private nestedPass(value: unknown, nested: ValidationMetadata[]): boolean {
    if (value === undefined) return true;
    for (const metadata of nested) {
      if (isCollection(value)) {
        for (const item of itemsOf(value)) if (!this.nestedPass(item, nested)) return false;
      } else if (value instanceof Object) {
        if (!this.execute(value, typeof metadata.target === 'string' ? metadata.target : metadata.target.name)) return false;
      } else {
        return false;
      }
    }
    return true;
  }
}
