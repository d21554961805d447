import { Type } from 'class-transformer';
import { IsEmail, IsString, MaxLength, ValidateNested, getMetadataStorage, validateSync } from 'class-validator';
import { memoizeValidationMetadata } from './validation';

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
