import { plainToInstance } from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { IsEmail, IsString, ValidateBy, getMetadataStorage, validateSync } from 'class-validator';
// Every library's DTOs, as the API loads them.
import '@perepiska/consent';
import '@perepiska/identity';
import '@perepiska/messaging';
import '@perepiska/pd-registry';
import '@perepiska/billing';
import { memoizeValidationMetadata } from './validation';
import { ValidationFastPath } from './validation-fast-path';

// The options the API's pipe validates with.
const OPTIONS = { whitelist: true, forbidNonWhitelisted: true };
type Class = new () => object;
// Values some of the DTOs' patterns accept (phone numbers, base64, codes, hex).
const PATTERN_SAMPLES = ['+79001234567', '79001234567', 'aGVsbG8gd29ybGQ=', '123456', 'abcdef0123456789', 'ООО', 'ru', 'Europe/Moscow', '7707083893', '#1f6feb'];
type Rule = { type: string; name?: string; propertyName: string; constraints: unknown[]; each?: boolean };

const storage = getMetadataStorage();
const fastPath = ValidationFastPath.for(OPTIONS);
const classValidatorFinds = (object: object) => validateSync(object, OPTIONS).length > 0;

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Plain request bodies for any DTO class, aimed at its rules (strings of lengths around their
 * limits, members of its `isIn` lists, nested objects of its nested classes) and then, now and
 * then, broken: a wrong type, null, a missing or an unknown property, an array for an object.
 */
function bodies(random: () => number, brokenShare = 0.06) {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
  const text = (length: number) => Array.from({ length }, () => pick(['а', 'б', 'x', '1', ' ', '😀', '-'])).join('');
  const junk = () => pick([null, 42, -1, 3.5, true, 'строка', '', [], [1, 'a'], {}, { x: 1 }, '2026-13-40', 'not-a-uuid', '+7900']);
  const rulesOf = (target: Class) => storage.getTargetValidationMetadatas(target, undefined as unknown as string, false, false) as unknown as Rule[];

  function valueFor(target: Class, property: string, rules: Rule[], depth: number): unknown {
    if (random() < brokenShare) return junk();
    const named = (name: string) => rules.find((r) => r.name === name);
    const nestedType = defaultMetadataStorage.findTypeMetadata(target, property)?.typeFunction() as Class | undefined;
    const isArray = rules.some((r) => r.name === 'isArray' || r.each);
    const one = (): unknown => {
      if (nestedType === Date || named('isDate') || named('isDateString') || named('isISO8601')) return random() < 0.9 ? new Date(Date.UTC(2026, 0, 1) + random() * 1e10).toISOString() : 'вчера';
      if (nestedType && rules.some((r) => r.type === 'nestedValidation')) return depth < 2 ? body(nestedType, depth + 1) : {};
      const isIn = named('isIn') ?? named('isEnum');
      if (isIn) return random() < 0.9 ? pick(Object.values(isIn.constraints[0] as object) as unknown[]) : 'другое';
      if (named('isUuid') ?? named('isUUID')) return random() < 0.9 ? crypto.randomUUID() : 'not-a-uuid';
      const pattern = named('matches')?.constraints[0];
      if (pattern instanceof RegExp) return random() < 0.9 ? (PATTERN_SAMPLES.find((sample) => pattern.test(sample)) ?? text(8)) : text(8);
      if (named('isEmail')) return random() < 0.9 ? `user${Math.floor(random() * 1000)}@example.ru` : 'не почта';
      if (named('isBoolean')) return random() < 0.9 ? random() < 0.5 : 'true';
      if (named('isInt') || named('isNumber') || named('min') || named('max')) {
        const [min = -5, max = 1000] = [named('min')?.constraints[0] as number | undefined, named('max')?.constraints[0] as number | undefined];
        return random() < 0.9 ? Math.floor(min + random() * (max - min + 2)) : 1.5;
      }
      const length = named('isLength') ?? named('maxLength') ?? named('minLength');
      const limit = (length?.name === 'isLength' ? length.constraints[1] : length?.name === 'maxLength' ? length.constraints[0] : 40) as number | undefined;
      const least = (length?.name === 'isLength' || length?.name === 'minLength' ? length.constraints[0] : 0) as number;
      // Around the limits where they are short; a 7 MB limit is tried on short texts only.
      return text(Math.max(0, least - 1) + Math.floor(random() * (Math.min(limit ?? 40, 600) - least + 3)));
    };
    return isArray ? Array.from({ length: random() < 0.1 ? 0 : 1 + Math.floor(random() * 3) }, one) : one();
  }

  function body(target: Class, depth = 0): Record<string, unknown> {
    const rules = rulesOf(target);
    const result: Record<string, unknown> = {};
    const byProperty = storage.groupByPropertyName(rules as never) as unknown as Record<string, Rule[]>;
    for (const [property, own] of Object.entries(byProperty)) {
      const optional = own.some((r) => r.type === 'conditionalValidation');
      if ((optional && random() < 0.4) || random() < brokenShare / 2) continue;
      result[property] = valueFor(target, property, own, depth);
    }
    if (random() < brokenShare / 2) result[pick(['extra', 'tenantId', '__proto__x'])] = 'лишнее';
    return result;
  }
  return { body, pick, junk };
}

/** Every class the API's DTO modules give rules to. */
const dtoClasses = (): Class[] => [...(storage as unknown as { validationMetadatas: Map<unknown, unknown> }).validationMetadatas.keys()].filter((k): k is Class => typeof k === 'function');

describe('validation fast path', () => {
  // As the API's pipe runs: class-validator's rule lookup kept per class.
  beforeAll(() => memoizeValidationMetadata());

  it('never finds a body valid that class-validator refuses, for every DTO of the API', () => {
    const random = mulberry32(20261204);
    const { body } = bodies(random);
    const classes = dtoClasses();
    expect(classes.length).toBeGreaterThan(50);
    let valid = 0;
    let accepted = 0;
    for (const target of classes) {
      for (let i = 0; i < 150; i += 1) {
        const instance = plainToInstance(target, body(target));
        const refused = classValidatorFinds(instance);
        const fast = fastPath.accepts(instance);
        if (fast && refused) throw new Error(`${target.name}: the fast path found valid what class-validator refuses: ${JSON.stringify(instance)}`);
        if (!refused) valid += 1;
        if (fast) accepted += 1;
      }
    }
    // Aimed at the rules, the bodies are valid often enough that agreement means something.
    expect(valid).toBeGreaterThan(classes.length * 20);
    expect(accepted).toBeGreaterThan(valid * 0.9);
  });

  it('finds valid every inbound post class-validator finds valid, and nothing it refuses', () => {
    const random = mulberry32(7);
    const { body } = bodies(random, 0.01);
    for (const target of ['InboundMessagesDto', 'InboundStatusesDto'].map((name) => dtoClasses().find((c) => c.name === name)!)) {
      let valid = 0;
      for (let i = 0; i < 400; i += 1) {
        const instance = plainToInstance(target, body(target));
        const refused = classValidatorFinds(instance);
        expect(fastPath.accepts(instance)).toBe(!refused);
        if (!refused) valid += 1;
      }
      expect(valid).toBeGreaterThan(40);
    }
  });

  it('leaves to class-validator an unknown property, a class without rules and an asynchronous rule', () => {
    class Note {
      @IsString() text!: string;
    }
    class Checked {
      @ValidateBy({ name: 'checkedLater', async: true, validator: { validate: () => Promise.resolve(true) } }) code!: string;
    }
    class Bare {
      text = 'без правил';
    }
    expect(fastPath.accepts(Object.assign(new Note(), { text: 'привет' }))).toBe(true);
    expect(fastPath.accepts(Object.assign(new Note(), { text: 'привет', extra: 1 }))).toBe(false);
    expect(fastPath.accepts(Object.assign(new Note(), { text: 1 }))).toBe(false);
    expect(fastPath.accepts(new Bare())).toBe(false);
    expect(fastPath.accepts(Object.assign(new Checked(), { code: 'a' }))).toBe(false);
    expect(fastPath.accepts(null)).toBe(false);
    expect(fastPath.accepts(Object.create(null))).toBe(false);
  });

  it('a rule registered after its class was compiled applies from then on', () => {
    class Contact {
      @IsString() address!: string;
    }
    const contact = Object.assign(new Contact(), { address: 'не почта' });
    expect(fastPath.accepts(contact)).toBe(true);
    IsEmail()(Contact.prototype, 'address');
    expect(fastPath.accepts(contact)).toBe(false);
    expect(classValidatorFinds(contact)).toBe(true);
  });

  it('is one per choice of rules, however many pipes ask', () => {
    expect(ValidationFastPath.for({ ...OPTIONS })).toBe(fastPath);
    expect(ValidationFastPath.for({ ...OPTIONS, groups: ['admin'] })).not.toBe(fastPath);
  });
});
