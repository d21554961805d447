import { EMPTY_PAYLOAD_SHA256, canonicalQueryString, sha256Hex, signV4, toAmzDate, uriEncode } from './aws-signature-v4';

// The worked examples of the S3 API reference, "Signature Calculations for the Authorization
// Header: Transferring Payload in a Single Chunk" (examplebucket, 24 May 2013).
const scope = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', region: 'us-east-1', service: 's3' };
const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const amzDate = '20130524T000000Z';
const host = 'examplebucket.s3.amazonaws.com';

describe('signV4 against the AWS documentation examples', () => {
  it('GET Object with a Range header', () => {
    const signed = signV4(
      {
        method: 'GET',
        canonicalUri: '/test.txt',
        query: [],
        headers: { Host: host, Range: 'bytes=0-9', 'x-amz-content-sha256': EMPTY_PAYLOAD_SHA256, 'x-amz-date': amzDate },
        payloadHash: EMPTY_PAYLOAD_SHA256,
      },
      scope,
      secret,
      amzDate,
    );
    expect(signed.stringToSign.split('\n')[3]).toBe('7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972');
    expect(signed.signature).toBe('f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41');
    expect(signed.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, ' +
        'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  it('PUT Object with a body and a key needing encoding ("test$file.text")', () => {
    const payloadHash = sha256Hex('Welcome to Amazon S3.');
    expect(payloadHash).toBe('44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072');
    const signed = signV4(
      {
        method: 'PUT',
        canonicalUri: `/${uriEncode('test$file.text', { keepSlash: true })}`,
        query: [],
        headers: {
          Date: 'Fri, 24 May 2013 00:00:00 GMT',
          Host: host,
          'x-amz-content-sha256': payloadHash,
          'x-amz-date': amzDate,
          'x-amz-storage-class': 'REDUCED_REDUNDANCY',
        },
        payloadHash,
      },
      scope,
      secret,
      amzDate,
    );
    expect(signed.canonicalRequest.split('\n')[1]).toBe('/test%24file.text');
    expect(signed.signature).toBe('98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd');
  });

  it('GET Bucket lifecycle (a parameter without a value)', () => {
    const signed = signV4(
      {
        method: 'GET',
        canonicalUri: '/',
        query: [['lifecycle', '']],
        headers: { Host: host, 'x-amz-content-sha256': EMPTY_PAYLOAD_SHA256, 'x-amz-date': amzDate },
        payloadHash: EMPTY_PAYLOAD_SHA256,
      },
      scope,
      secret,
      amzDate,
    );
    expect(signed.signature).toBe('fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543');
  });

  it('GET Bucket (List Objects), the query sorted whatever order it was given in', () => {
    const signed = signV4(
      {
        method: 'GET',
        canonicalUri: '/',
        query: [
          ['prefix', 'J'],
          ['max-keys', '2'],
        ],
        headers: { Host: host, 'x-amz-content-sha256': EMPTY_PAYLOAD_SHA256, 'x-amz-date': amzDate },
        payloadHash: EMPTY_PAYLOAD_SHA256,
      },
      scope,
      secret,
      amzDate,
    );
    expect(signed.signature).toBe('34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7');
  });
});

describe('SigV4 encoding helpers', () => {
  it.each([
    ['a b', 'a%20b'],
    ['a+b=c/d', 'a%2Bb%3Dc%2Fd'],
    ["!'()*", '%21%27%28%29%2A'],
    ['AZaz09-_.~', 'AZaz09-_.~'],
    ['ключ', '%D0%BA%D0%BB%D1%8E%D1%87'],
  ])('uriEncode(%j) is %s', (input, expected) => {
    expect(uriEncode(input)).toBe(expected);
  });

  it('keeps "/" in object key paths only when asked', () => {
    expect(uriEncode('t/attachments/x y', { keepSlash: true })).toBe('t/attachments/x%20y');
  });

  it('sorts the canonical query by encoded name and keeps empty values', () => {
    expect(
      canonicalQueryString([
        ['prefix', 't1/'],
        ['list-type', '2'],
        ['continuation-token', '+/8='],
        ['uploads', ''],
      ]),
    ).toBe('continuation-token=%2B%2F8%3D&list-type=2&prefix=t1%2F&uploads=');
  });

  it('formats x-amz-date', () => {
    expect(toAmzDate(new Date('2013-05-24T00:00:00.000Z'))).toBe('20130524T000000Z');
  });
});
