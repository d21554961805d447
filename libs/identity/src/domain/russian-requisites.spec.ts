import {
  entityKindOf,
  validateInn,
  validateKpp,
  validateOgrn,
  validateRequisites,
  type RequisiteProblem,
} from './russian-requisites';

// Real legal entities from EGRUL: Sberbank and Yandex.
const SBERBANK = { inn: '7707083893', ogrn: '1027700132195', kpp: '773601001' };
const YANDEX = { inn: '7736207543', ogrn: '1027700229193', kpp: '770401001' };
// Entrepreneurs are natural persons, so their requisites here are made up: the check digits
// were computed by this module and cross-checked with an independent Python script and `bc`.
const ENTREPRENEUR = { inn: '772712345605', ogrn: '304772700123450' };
const OTHER_ENTREPRENEUR = { inn: '500198765480', ogrn: '318500100987651' };

const CHECK = 'check digit does not match';
const DIGITS_ONLY = 'must contain only digits';
const INN_LENGTH = 'must be 10 digits for a legal entity or 12 for an individual entrepreneur';
const OGRN_LENGTH = 'must be 13 digits for a legal entity (OGRN) or 15 for an individual entrepreneur (OGRNIP)';

describe('validateInn', () => {
  it.each([
    ['7707083893', 'Sberbank, legal entity'],
    ['7736207543', 'Yandex, legal entity'],
    ['7701000080', 'legal entity whose weighted sum leaves 10, so the check digit is 0'],
    ['772712345605', 'entrepreneur'],
    ['500198765480', 'entrepreneur with a zero second check digit'],
    ['772700000701', 'entrepreneur whose first weighted sum leaves 10'],
  ])('accepts %s (%s)', (inn) => {
    expect(validateInn(inn)).toBeNull();
  });

  it.each([
    ['7707083894', CHECK, 'Sberbank with the check digit off by one'],
    ['7707083892', CHECK, 'Sberbank with the check digit off by one the other way'],
    ['7707083983', CHECK, 'two digits swapped'],
    ['8707083893', CHECK, 'first digit changed'],
    ['7701000081', CHECK, 'remainder 10 must give 0, not 1'],
    ['772712345615', CHECK, 'entrepreneur, first check digit off by one'],
    ['772712345606', CHECK, 'entrepreneur, second check digit off by one'],
    ['772712345705', CHECK, 'entrepreneur, a body digit changed'],
    ['770708389', INN_LENGTH, '9 digits'],
    ['77070838931', INN_LENGTH, '11 digits'],
    ['7727123456050', INN_LENGTH, '13 digits'],
    ['', DIGITS_ONLY, 'empty'],
    ['77070838 3', DIGITS_ONLY, 'a space inside'],
    [' 7707083893', DIGITS_ONLY, 'leading space (the caller trims, not the rule)'],
    ['770708389O', DIGITS_ONLY, 'letter O instead of zero'],
    ['-707083893', DIGITS_ONLY, 'a sign'],
    ['７７０７０８３８９３', DIGITS_ONLY, 'full-width digits'],
  ])('rejects %s with "%s" (%s)', (inn, message) => {
    expect(validateInn(inn)).toBe(message);
  });
});

describe('validateOgrn', () => {
  it.each([
    ['1027700132195', 'Sberbank OGRN'],
    ['1027700229193', 'Yandex OGRN'],
    ['1027700000020', 'OGRN whose remainder mod 11 is 10, so the check digit is 0'],
    ['304772700123450', 'OGRNIP'],
    ['318500100987651', 'another OGRNIP'],
    ['304772700000050', 'OGRNIP whose remainder mod 13 is 10, so the check digit is 0'],
  ])('accepts %s (%s)', (ogrn) => {
    expect(validateOgrn(ogrn)).toBeNull();
  });

  it.each([
    ['1027700132196', CHECK, 'Sberbank with the check digit off by one'],
    ['1027700132194', CHECK, 'Sberbank with the check digit off by one the other way'],
    ['1027700132185', CHECK, 'a body digit changed'],
    ['1027700000021', CHECK, 'remainder 10 must give 0, not 1'],
    ['304772700123451', CHECK, 'OGRNIP with the check digit off by one'],
    ['304772700123440', CHECK, 'OGRNIP with a body digit changed'],
    ['304772700000051', CHECK, 'OGRNIP remainder 10 must give 0, not 1'],
    ['102770013219', OGRN_LENGTH, '12 digits'],
    ['10277001321950', OGRN_LENGTH, '14 digits'],
    ['3047727001234500', OGRN_LENGTH, '16 digits'],
    ['', DIGITS_ONLY, 'empty'],
    ['1027700132l95', DIGITS_ONLY, 'letter l instead of one'],
    ['1 027700132195', DIGITS_ONLY, 'a space inside'],
  ])('rejects %s with "%s" (%s)', (ogrn, message) => {
    expect(validateOgrn(ogrn)).toBe(message);
  });
});

describe('validateKpp', () => {
  it.each([
    ['773601001', 'Sberbank'],
    ['770401001', 'Yandex'],
    ['7736AB001', 'registration reason with capital Latin letters'],
    ['77360A001', 'one letter in the reason code'],
  ])('accepts %s (%s)', (kpp) => {
    expect(validateKpp(kpp)).toBeNull();
  });

  const SHAPE = 'must be 4 digits, 2 digits or capital Latin letters, then 3 digits';
  it.each([
    ['77360100', 'must be 9 characters', '8 characters'],
    ['7736010011', 'must be 9 characters', '10 characters'],
    ['', 'must be 9 characters', 'empty'],
    ['7736ab001', SHAPE, 'lowercase letters'],
    ['7736АБ001', SHAPE, 'Cyrillic letters'],
    ['773A01001', SHAPE, 'a letter in the tax office code'],
    ['773601A01', SHAPE, 'a letter in the sequence number'],
    ['7736 1001', SHAPE, 'a space'],
  ])('rejects %s with "%s" (%s)', (kpp, message) => {
    expect(validateKpp(kpp)).toBe(message);
  });
});

describe('entityKindOf', () => {
  it.each([
    ['7707083893', 'legal-entity'],
    ['772712345605', 'entrepreneur'],
  ])('%s is a %s', (inn, kind) => {
    expect(entityKindOf(inn)).toBe(kind);
  });

  it.each(['', '770708389', '77070838931', '7727123456050'])('refuses %p, which is neither', (inn) => {
    expect(() => entityKindOf(inn)).toThrow(RangeError);
  });
});

describe('validateRequisites', () => {
  it.each([
    ['Sberbank', SBERBANK],
    ['Yandex', YANDEX],
    ['an entrepreneur without KPP', ENTREPRENEUR],
    ['an entrepreneur with KPP null', { ...OTHER_ENTREPRENEUR, kpp: null }],
    ['an entrepreneur with an empty KPP from a form', { ...OTHER_ENTREPRENEUR, kpp: '' }],
  ])('accepts %s', (_name, requisites) => {
    expect(validateRequisites(requisites)).toEqual([]);
  });

  it.each<[string, Parameters<typeof validateRequisites>[0], RequisiteProblem[]]>([
    [
      'a legal entity without KPP',
      { inn: SBERBANK.inn, ogrn: SBERBANK.ogrn },
      [{ field: 'kpp', message: 'is required for a legal entity' }],
    ],
    [
      'a legal entity with an empty KPP',
      { ...SBERBANK, kpp: '' },
      [{ field: 'kpp', message: 'is required for a legal entity' }],
    ],
    [
      'a legal entity with a malformed KPP',
      { ...SBERBANK, kpp: '77360100' },
      [{ field: 'kpp', message: 'must be 9 characters' }],
    ],
    [
      'an entrepreneur with a KPP',
      { ...ENTREPRENEUR, kpp: '773601001' },
      [{ field: 'kpp', message: 'must be absent for an individual entrepreneur' }],
    ],
    [
      'a legal-entity INN with an OGRNIP',
      { inn: SBERBANK.inn, ogrn: ENTREPRENEUR.ogrn, kpp: SBERBANK.kpp },
      [{ field: 'ogrn', message: 'must be a 13-digit OGRN for a legal entity (10-digit INN)' }],
    ],
    [
      'an entrepreneur INN with an OGRN',
      { inn: ENTREPRENEUR.inn, ogrn: SBERBANK.ogrn },
      [{ field: 'ogrn', message: 'must be a 15-digit OGRNIP for an individual entrepreneur (12-digit INN)' }],
    ],
    [
      'an INN typo',
      { ...SBERBANK, inn: '7707083894' },
      [{ field: 'inn', message: CHECK }],
    ],
    [
      'an OGRN typo',
      { ...SBERBANK, ogrn: '1027700132196' },
      [{ field: 'ogrn', message: CHECK }],
    ],
    [
      'an INN of the wrong length with a KPP: the KPP is still checked on its own',
      { inn: '770708389', ogrn: SBERBANK.ogrn, kpp: '7736ab001' },
      [
        { field: 'inn', message: INN_LENGTH },
        { field: 'kpp', message: 'must be 4 digits, 2 digits or capital Latin letters, then 3 digits' },
      ],
    ],
    [
      'an invalid INN without KPP: no KPP verdict without knowing the entity kind',
      { inn: '772712345606', ogrn: ENTREPRENEUR.ogrn },
      [{ field: 'inn', message: CHECK }],
    ],
    [
      'everything wrong at once',
      { inn: '', ogrn: 'abc', kpp: 'x' },
      [
        { field: 'inn', message: DIGITS_ONLY },
        { field: 'ogrn', message: DIGITS_ONLY },
        { field: 'kpp', message: 'must be 9 characters' },
      ],
    ],
  ])('reports %s', (_name, requisites, problems) => {
    expect(validateRequisites(requisites)).toEqual(problems);
  });
});
