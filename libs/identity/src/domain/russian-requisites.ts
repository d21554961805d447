// Validation of the legal requisites a Russian business gives when it signs up: INN, OGRN /
// OGRNIP and KPP. Checksums catch typos before the requisites reach a contract or an invoice;
// they do not prove that the business exists (that needs an EGRUL/EGRIP look-up).

export type EntityKind = 'legal-entity' | 'entrepreneur';

export type RequisiteField = 'inn' | 'ogrn' | 'kpp';

export interface RequisiteProblem {
  field: RequisiteField;
  message: string;
}

export interface Requisites {
  inn: string;
  ogrn: string;
  /** Absent, null and '' all mean "not given": forms send empty strings. */
  kpp?: string | null;
}

const ONLY_DIGITS = /^\d+$/;

// FNS order of 29.06.2012 No. MMV-7-6/435@ (KPP structure): 4 digits of the tax office code,
// 2 characters of the registration reason (digits or capital Latin letters A-Z since 2013),
// 3 digits of the sequence number.
const KPP_FORMAT = /^\d{4}[0-9A-Z]{2}\d{3}$/;

// INN check digits, the algorithm FNS publishes for INN checks: each check digit is the
// weighted sum of the preceding digits mod 11, then mod 10 (a remainder of 10 gives 0).
const INN10_WEIGHTS = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_FIRST_WEIGHTS = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_SECOND_WEIGHTS = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

function innCheckDigit(digits: string, weights: readonly number[]): number {
  let sum = 0;
  weights.forEach((weight, i) => {
    sum += weight * Number(digits[i]);
  });
  return (sum % 11) % 10;
}

/** Returns null when the INN is valid, otherwise what is wrong with it. */
export function validateInn(inn: string): string | null {
  if (!ONLY_DIGITS.test(inn)) return 'must contain only digits';
  if (inn.length === 10) {
    return innCheckDigit(inn, INN10_WEIGHTS) === Number(inn[9]) ? null : 'check digit does not match';
  }
  if (inn.length === 12) {
    const first = innCheckDigit(inn, INN12_FIRST_WEIGHTS);
    const second = innCheckDigit(inn, INN12_SECOND_WEIGHTS);
    return first === Number(inn[10]) && second === Number(inn[11]) ? null : 'check digit does not match';
  }
  return 'must be 10 digits for a legal entity or 12 for an individual entrepreneur';
}

/**
 * Returns null when the OGRN (13 digits, legal entity) or OGRNIP (15 digits, individual
 * entrepreneur) is valid, otherwise what is wrong with it.
 */
export function validateOgrn(ogrn: string): string | null {
  if (!ONLY_DIGITS.test(ogrn)) return 'must contain only digits';
  // Government Decree No. 438 of 19.06.2002 (EGRUL) and No. 630 of 16.10.2003 (EGRIP): the
  // last digit is the remainder of the preceding number divided by 11 (OGRN) or 13 (OGRNIP),
  // taking its last digit when the remainder has two. The number exceeds 2^53, hence BigInt.
  let divisor: bigint;
  if (ogrn.length === 13) divisor = 11n;
  else if (ogrn.length === 15) divisor = 13n;
  else return 'must be 13 digits for a legal entity (OGRN) or 15 for an individual entrepreneur (OGRNIP)';
  const expected = (BigInt(ogrn.slice(0, -1)) % divisor) % 10n;
  return expected === BigInt(ogrn.slice(-1)) ? null : 'check digit does not match';
}

/** Returns null when the KPP is well formed, otherwise what is wrong with it. KPP has no checksum. */
export function validateKpp(kpp: string): string | null {
  if (kpp.length !== 9) return 'must be 9 characters';
  return KPP_FORMAT.test(kpp) ? null : 'must be 4 digits, 2 digits or capital Latin letters, then 3 digits';
}

/**
 * Whether an INN belongs to a legal entity (10 digits) or an individual entrepreneur
 * (12 digits). Looks at the length only: validate the INN first.
 */
export function entityKindOf(inn: string): EntityKind {
  if (inn.length === 10) return 'legal-entity';
  if (inn.length === 12) return 'entrepreneur';
  throw new RangeError('An INN has 10 digits (legal entity) or 12 (individual entrepreneur)');
}

/**
 * All problems with a business's requisites, empty when they are valid. Beyond each field's
 * own check: a legal entity has a 13-digit OGRN and a KPP; an individual entrepreneur has a
 * 15-digit OGRNIP and no KPP (a KPP is assigned to organisations only, FNS order MMV-7-6/435@).
 */
export function validateRequisites({ inn, ogrn, kpp }: Requisites): RequisiteProblem[] {
  const problems: RequisiteProblem[] = [];
  const innProblem = validateInn(inn);
  const ogrnProblem = validateOgrn(ogrn);
  if (innProblem !== null) problems.push({ field: 'inn', message: innProblem });
  if (ogrnProblem !== null) problems.push({ field: 'ogrn', message: ogrnProblem });

  // The entity kind is only trusted from an INN that passed its own check; otherwise the
  // consistency messages would pile up on top of an INN typo.
  const kind = innProblem === null ? entityKindOf(inn) : null;

  if (kind !== null && ogrnProblem === null) {
    if (kind === 'legal-entity' && ogrn.length !== 13) {
      problems.push({ field: 'ogrn', message: 'must be a 13-digit OGRN for a legal entity (10-digit INN)' });
    }
    if (kind === 'entrepreneur' && ogrn.length !== 15) {
      problems.push({ field: 'ogrn', message: 'must be a 15-digit OGRNIP for an individual entrepreneur (12-digit INN)' });
    }
  }

  const kppGiven = kpp !== undefined && kpp !== null && kpp !== '';
  if (kind === 'legal-entity' && !kppGiven) {
    problems.push({ field: 'kpp', message: 'is required for a legal entity' });
  } else if (kind === 'entrepreneur' && kppGiven) {
    problems.push({ field: 'kpp', message: 'must be absent for an individual entrepreneur' });
  } else if (kppGiven) {
    const kppProblem = validateKpp(kpp);
    if (kppProblem !== null) problems.push({ field: 'kpp', message: kppProblem });
  }
  return problems;
}
