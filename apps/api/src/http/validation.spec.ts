import { Exclude, Expose, Transform, Type, plainToInstance } from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { IsEmail, IsString, MaxLength, ValidateNested, getMetadataStorage, validateSync } from 'class-validator';
import { memoizeTransformMetadata, memoizeValidationMetadata } from './validation';

class Sender {
  @IsString()
  name!: string;
}

class Greeting {
  @IsString()
  @MaxLength(10)
  text!: string;

  @ValidateNested()
  @Type(() => Sender)
  from!: Sender;
}

class SignedGreeting extends Greeting {
  @IsString()
  signature!: string;
}

class Late {
  @IsString()
  address!: string;
}

const failing = (value: object) => validateSync(value).flatMap((e) => [e.property, ...(e.children ?? []).map((c) => `${e.property}.${c.property}`)]);

function greeting(text: unknown, name: unknown): Greeting {
  return Object.assign(new Greeting(), { text, from: Object.assign(new Sender(), { name }) });
}

describe('validation rules kept per class', () => {
  beforeAll(() => memoizeValidationMetadata());

  it('answers what class-validator answers: own rules, nested objects and inherited rules', () => {
    expect(failing(greeting('привет', 'Анна'))).toEqual([]);
    expect(failing(greeting('слишком длинный текст', 'Анна'))).toEqual(['text']);
    expect(failing(greeting('привет', 42))).toEqual(['from', 'from.name']);
    // Asked again, the kept rules give the same answers.
    expect(failing(greeting('привет', 42))).toEqual(['from', 'from.name']);
    expect(failing(Object.assign(new SignedGreeting(), { text: 'слишком длинный текст', from: Object.assign(new Sender(), { name: 'Анна' }), signature: 1 }))).toEqual([
      'signature',
      'text',
    ]);
  });

  it('a rule registered after the rules of its class were kept applies from then on', () => {
    const late = Object.assign(new Late(), { address: 'не почта' });
    expect(failing(late)).toEqual([]);
    IsEmail()(Late.prototype, 'address');
    expect(failing(late)).toEqual(['address']);
  });

  it('patches a storage once however often the pipe is created', () => {
    const storage = getMetadataStorage();
    const patched = Object.getOwnPropertyDescriptor(storage, 'getTargetValidationMetadatas')?.value as unknown;
    memoizeValidationMetadata();
    expect(patched).toBeInstanceOf(Function);
    expect(Object.getOwnPropertyDescriptor(storage, 'getTargetValidationMetadatas')?.value).toBe(patched);
  });
});

class Recipient {
  @Expose({ name: 'full_name' })
  fullName!: string;

  @Exclude()
  internal?: string;

  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  note?: string;
}

class Envelope {
  @Type(() => Recipient)
  to!: Recipient[];
}

class LateTransform {
  note?: string;
}

describe('class-transformer lookups kept per class', () => {
  beforeAll(() => memoizeTransformMetadata());

  it('turns plain objects into the same instances as before, asked once or many times', () => {
    const plain = { to: [{ full_name: 'Анна Смирнова', internal: 'secret', note: '  позвонить  ' }, { full_name: 'Пётр', note: 'ок' }] };
    for (let round = 0; round < 3; round += 1) {
      const envelope = plainToInstance(Envelope, plain);
      expect(envelope.to.map((r) => r instanceof Recipient)).toEqual([true, true]);
      expect(envelope.to.map((r) => ({ ...r }))).toEqual([
        { fullName: 'Анна Смирнова', note: 'позвонить' },
        { fullName: 'Пётр', note: 'ок' },
      ]);
    }
  });

  it('a decorator registered after its class was looked up applies from then on', () => {
    expect(plainToInstance(LateTransform, { note: '  x  ' }).note).toBe('  x  ');
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))(LateTransform.prototype, 'note');
    expect(plainToInstance(LateTransform, { note: '  x  ' }).note).toBe('x');
  });

  it('patches the storage once however often the pipe is created', () => {
    const patched = Object.getOwnPropertyDescriptor(defaultMetadataStorage, 'getExposedProperties')?.value as unknown;
    memoizeTransformMetadata();
    expect(patched).toBeInstanceOf(Function);
    expect(Object.getOwnPropertyDescriptor(defaultMetadataStorage, 'getExposedProperties')?.value).toBe(patched);
  });
});
