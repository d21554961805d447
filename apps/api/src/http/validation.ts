import { type ArgumentMetadata, BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import { unstorableTextPaths } from '@perepiska/platform';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
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

type TransformStorage = typeof defaultMetadataStorage;
const TRANSFORM_LOOKUPS = [
  'findTransformMetadatas',
  'findExcludeMetadata',
  'findExposeMetadata',
  'findExposeMetadataByCustomName',
  'findTypeMetadata',
  'getStrategy',
  'getExposedMetadatas',
  'getExcludedMetadatas',
  'getExposedProperties',
  'getExcludedProperties',
] as const;
const TRANSFORM_CHANGES = ['addTypeMetadata', 'addTransformMetadata', 'addExposeMetadata', 'addExcludeMetadata', 'clear'] as const;
const transformMemoized = new WeakSet<TransformStorage>();

/**
 * class-transformer, turning a body into its DTO, looks up each property's decorators on the
 * class and all its ancestors for every object, building new arrays each time: a fifth of what
 * the API allocated per inbound post. Those answers are fixed once the DTO modules are loaded,
 * so they are kept per class and arguments (`undefined` answers too); registering a decorator
 * or clearing the storage drops what was kept. The arrays kept are only read by class-transformer.
 */
export function memoizeTransformMetadata(storage: TransformStorage = defaultMetadataStorage): void {
  if (transformMemoized.has(storage)) return;
  transformMemoized.add(storage);
  const methods = storage as unknown as Record<string, (...args: unknown[]) => unknown>;
  const caches = TRANSFORM_LOOKUPS.map((name) => {
    const lookUp = methods[name].bind(storage);
    let kept = new Map<unknown, Map<unknown, Map<unknown, unknown>>>();
    // Every lookup takes at most three arguments: one level of Map per argument, no array per call.
    methods[name] = (a?: unknown, b?: unknown, c?: unknown) => {
      let byB = kept.get(a);
      if (!byB) kept.set(a, (byB = new Map<unknown, Map<unknown, unknown>>()));
      let byC = byB.get(b);
      if (!byC) byB.set(b, (byC = new Map<unknown, unknown>()));
      if (!byC.has(c)) byC.set(c, lookUp(a, b, c));
      return byC.get(c);
    };
    return { clear: () => (kept = new Map()) };
  });
  for (const name of TRANSFORM_CHANGES) {
    const change = methods[name].bind(storage);
    methods[name] = (...args: unknown[]) => {
      for (const cache of caches) cache.clear();
      return change(...args);
    };
  }
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
  memoizeTransformMetadata();
  return new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => validationFailed(flattenValidationErrors(errors)),
  });
}
