import { inspect } from 'node:util';
import { startFakeS3, type FakeS3 } from '../testing';
import { sha256Hex, signV4, toAmzDate } from './aws-signature-v4';
import { ObjectStorageError } from './object-storage';
import { describeObjectStorageContract } from './object-storage.contract';
import { S3ObjectStorage, type S3ObjectStorageOptions } from './s3-object-storage';

const credentials = { accessKeyId: 'AKIATESTPEREPISKA01', secretAccessKey: 'sEcReT/k3y+With/Special=Chars0123456789', region: 'ru-central1' };

let fake: FakeS3;
let buckets = 0;

beforeAll(async () => {
  fake = await startFakeS3(credentials);
});

afterAll(async () => {
  await fake.close();
});

function storageOn(bucket: string, overrides: Partial<S3ObjectStorageOptions> = {}): S3ObjectStorage {
  return new S3ObjectStorage({ endpoint: fake.url, bucket, ...credentials, ...overrides });
}

function freshBucket(): string {
  buckets += 1;
  const bucket = `contract-${buckets}`;
  fake.buckets.add(bucket);
  return bucket;
}

describeObjectStorageContract('S3ObjectStorage against the fake S3', () => storageOn(freshBucket()));

describe('S3ObjectStorage over the S3 protocol', () => {
  it('stores through real HTTP: the fake holds the bytes and the content type', async () => {
    const bucket = freshBucket();
    const before = fake.requests;
    await storageOn(bucket).put('t1/attachments/a', Buffer.from('hello'), { contentType: 'text/csv' });
    expect(fake.requests).toBe(before + 1);
    const object = fake.objects.get(`${bucket}/t1/attachments/a`);
    expect(object?.body.toString()).toBe('hello');
    expect(object?.contentType).toBe('text/csv');
  });

  it('creates the bucket on the first PUT', async () => {
    const storage = storageOn('created-on-put');
    await storage.put('t1/attachments/a', Buffer.from('x'), { contentType: 'text/plain' });
    expect(fake.buckets.has('created-on-put')).toBe(true);
  });

  it('pages through ListObjectsV2 with continuation tokens when a prefix holds more than max-keys objects', async () => {
    const bucket = freshBucket();
    const storage = storageOn(bucket, { listPageSize: 2 });
    for (let i = 0; i < 5; i++) await storage.put(`t1/attachments/${i}`, Buffer.from(String(i)), { contentType: 'text/plain' });
    await storage.put('t2/attachments/keep', Buffer.from('keep'), { contentType: 'text/plain' });

    const before = fake.requests;
    expect(await storage.deletePrefix('t1/')).toBe(5);
    // Pages of 2, 2 and 1 keys (three ListObjectsV2 calls, the second and third with a token
    // full of "+", "/" and "="), then one DELETE per key.
    expect(fake.requests - before).toBe(3 + 5);
    expect([...fake.objects.keys()].filter((id) => id.startsWith(`${bucket}/`))).toEqual([`${bucket}/t2/attachments/keep`]);
  });

  it('fails with SignatureDoesNotMatch under a wrong secret, and never shows the secret', async () => {
    const bucket = freshBucket();
    const wrongSecret = 'wr0ng/Secret+Key=NeverToBeShown';
    const storage = storageOn(bucket, { secretAccessKey: wrongSecret });
    const error = await storage.put('t1/attachments/a', Buffer.from('x'), { contentType: 'text/plain' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ObjectStorageError);
    expect(error).toMatchObject({ code: 'SignatureDoesNotMatch', status: 403 });
    expect(String(error)).toContain('SignatureDoesNotMatch');
    for (const shown of [String(error), inspect(error), JSON.stringify(error), inspect(storage), JSON.stringify(storage)]) {
      expect(shown).not.toContain(wrongSecret);
      expect(shown).not.toContain(credentials.secretAccessKey);
    }
    expect(fake.objects.has(`${bucket}/t1/attachments/a`)).toBe(false);
    await expect(storage.get('t1/attachments/a')).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });
    await expect(storage.deletePrefix('t1/')).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });
  });

  it('fails with InvalidAccessKeyId under an unknown access key', async () => {
    const storage = storageOn(freshBucket(), { accessKeyId: 'AKIAUNKNOWN' });
    await expect(storage.get('t1/attachments/a')).rejects.toMatchObject({ code: 'InvalidAccessKeyId' });
  });

  it('treats a missing bucket as an error, not as an absent object', async () => {
    const storage = storageOn('never-created');
    await expect(storage.get('t1/attachments/a')).rejects.toMatchObject({ code: 'NoSuchBucket', status: 404 });
    await expect(storage.delete('t1/attachments/a')).rejects.toMatchObject({ code: 'NoSuchBucket' });
    await expect(storage.deletePrefix('t1/')).rejects.toMatchObject({ code: 'NoSuchBucket' });
  });

  it('tolerates a trailing slash on the endpoint', async () => {
    const bucket = freshBucket();
    await storageOn(bucket, { endpoint: `${fake.url}/` }).put('t1/attachments/a', Buffer.from('x'), { contentType: 'text/plain' });
    expect((await storageOn(bucket).get('t1/attachments/a'))?.body.toString()).toBe('x');
  });

  it('reports an unreachable endpoint as a NetworkError', async () => {
    const storage = storageOn(freshBucket(), { endpoint: 'http://127.0.0.1:1' });
    await expect(storage.get('t1/attachments/a')).rejects.toMatchObject({ code: 'NetworkError' });
  });

  it('refuses a bad bucket name or endpoint at construction', () => {
    expect(() => storageOn('Bad_Bucket')).toThrow(/bucket name/);
    expect(() => storageOn('ok-bucket', { endpoint: 'ftp://example.com' })).toThrow(/http/);
  });
});

describe('the fake S3 verifies signatures itself', () => {
  const path = (bucket: string) => `/${bucket}/t1/attachments/a`;

  function signedHeaders(bucket: string, body: string, payloadHash = sha256Hex(body)): Record<string, string> {
    const amzDate = toAmzDate(new Date());
    const headers = { host: new URL(fake.url).host, 'x-amz-content-sha256': payloadHash, 'x-amz-date': amzDate };
    const { authorization } = signV4(
      { method: 'PUT', canonicalUri: path(bucket), query: [], headers, payloadHash },
      { accessKeyId: credentials.accessKeyId, region: credentials.region, service: 's3' },
      credentials.secretAccessKey,
      amzDate,
    );
    const { host: _host, ...sent } = headers;
    return { ...sent, authorization };
  }

  it('accepts a correctly signed request', async () => {
    const bucket = freshBucket();
    const response = await fetch(`${fake.url}${path(bucket)}`, { method: 'PUT', body: 'x', headers: signedHeaders(bucket, 'x') });
    expect(response.status).toBe(200);
  });

  it('refuses an unsigned request', async () => {
    const bucket = freshBucket();
    const response = await fetch(`${fake.url}${path(bucket)}`, { method: 'PUT', body: 'x' });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>AccessDenied</Code>');
  });

  it('refuses a body that does not match the signed payload hash', async () => {
    const bucket = freshBucket();
    const response = await fetch(`${fake.url}${path(bucket)}`, { method: 'PUT', body: 'swapped', headers: signedHeaders(bucket, 'x') });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('<Code>XAmzContentSHA256Mismatch</Code>');
  });

  it('refuses a signature over another request (payload hash swapped too)', async () => {
    const bucket = freshBucket();
    const headers = { ...signedHeaders(bucket, 'x'), 'x-amz-content-sha256': sha256Hex('swapped') };
    const response = await fetch(`${fake.url}${path(bucket)}`, { method: 'PUT', body: 'swapped', headers });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(fake.objects.has(`${bucket}/t1/attachments/a`)).toBe(false);
  });

  it('refuses an x-amz-* header that was not signed', async () => {
    const bucket = freshBucket();
    const headers = { ...signedHeaders(bucket, 'x'), 'x-amz-acl': 'public-read' };
    const response = await fetch(`${fake.url}${path(bucket)}`, { method: 'PUT', body: 'x', headers });
    expect(response.status).toBe(403);
  });
});
