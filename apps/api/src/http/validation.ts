import { type ArgumentMetadata, BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import { unstorableTextPaths } from '@perepiska/platform';
import { type ValidatorOptions, getMetadataStorage } from 'class-validator';
import { type FieldError } from './error-body';
import { ValidationFastPath, onRulesChanged } from './validation-fast-path';

type MetadataStorage = ReturnType<typeof getMetadataStorage>;
type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];
const memoized = new WeakSet<MetadataStorage>();

/**
 * class-validator looks up a class's rules for every object it validates, and finds the rules
 * the class inherits by testing it with `instanceof` against every class that has rules:
 * hundreds of DTOs for each message, chat and sender of an inbound post, about half of the
 * time validation took there. The rules are fixed once the DTO modules are loaded, so the
 * answers are kept per class and query; a rule registered later clears them.
 */
export function memoizeValidationMetadata(storage: MetadataStorage = getMetadataStorage()): void {
  if (memoized.has(storage)) return;
  memoized.add(storage);
  let kept = new Map<unknown, Map<string, ValidationMetadata[]>>();
  let grouped = new WeakMap<ValidationMetadata[], Record<string, ValidationMetadata[]>>();
  const lookUp = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? ''}`;
    let ofTarget = kept.get(target);
    if (!ofTarget) kept.set(target, (ofTarget = new Map<string, ValidationMetadata[]>()));
    let found = ofTarget.get(key);
    if (!found) ofTarget.set(key, (found = lookUp(target, schema, always, strictGroups, groups)));
    return found;
  };
  storage.groupByPropertyName = (metadata) => {
    let byProperty = grouped.get(metadata);
    if (!byProperty) grouped.set(metadata, (byProperty = group(metadata)));
    return byProperty;
  };
  onRulesChanged(storage, () => {
    kept = new Map();
    grouped = new WeakMap();
  });
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

function validationFailed(details: FieldError[]): BadRequestException {
  return new BadRequestException({ message: `Validation failed: ${details.map((d) => d.field).join(', ')}`, details });
}

/**
 * Validation failures answer 400 and name every field with its messages in `details`. Before
 * the DTO's own rules, a validated body or query with a string Postgres cannot store (a NUL
 * character, half of a surrogate pair) is refused the same way, instead of failing at the
 * database as a 500. A DTO its fast path finds valid skips class-validator, which only runs,
 * as before, where something may be wrong (`ValidationFastPath`).
 */
class ApiValidationPipe extends ValidationPipe {
  private readonly fastPath = ValidationFastPath.for(this.validatorOptions);

  protected override validate(object: object, validatorOptions?: ValidatorOptions): Promise<ValidationError[]> | ValidationError[] {
    // The fast path knows the rules of this pipe's own options, the ones `transform` passes.
    if (validatorOptions === this.validatorOptions && this.fastPath.accepts(object)) return [];
    return super.validate(object, validatorOptions);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (this.toValidate(metadata)) {
      const unstorable = unstorableTextPaths(value);
      if (unstorable.length) throw validationFailed(unstorable.map((field) => ({ field, messages: ['contains a NUL character or half of a surrogate pair, which cannot be stored'] })));
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  memoizeValidationMetadata();
  return new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => validationFailed(flattenValidationErrors(errors)),
  });
}
