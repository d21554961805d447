import { AsyncLocalStorage, AsyncResource, executionAsyncId } from 'node:async_hooks';
import { backportAsyncResourceBind } from './async-resource-bind';

describe('backportAsyncResourceBind', () => {
  const runtimeAddsProperty = Object.prototype.hasOwnProperty.call(new AsyncResource('probe').bind(() => undefined), 'asyncResource');
  let replaced: boolean;
  beforeAll(() => {
    replaced = backportAsyncResourceBind();
  });

  it('replaces the runtime’s bind only where it adds the deprecated property, and only once', () => {
    expect(replaced).toBe(runtimeAddsProperty);
    expect(backportAsyncResourceBind()).toBe(false);
    expect(Object.prototype.hasOwnProperty.call(AsyncResource.bind(() => undefined), 'asyncResource')).toBe(false);
  });

  it('runs the bound function in the scope it was bound in, with the caller’s this, arguments and result', () => {
    const storage = new AsyncLocalStorage<string>();
    const resource = storage.run('request 1', () => new AsyncResource('test'));
    const seen: Array<{ store?: string; asyncId: number; self: unknown; args: unknown[] }> = [];
    const fn = function (this: unknown, a: number, b: number) {
      seen.push({ store: storage.getStore(), asyncId: executionAsyncId(), self: this, args: [a, b] });
      return a + b;
    };
    const bound = resource.bind(fn);
    const owner = { bound };
    expect(storage.run('request 2', () => owner.bound(2, 3))).toBe(5);
    expect(seen).toEqual([{ store: 'request 1', asyncId: resource.asyncId(), self: owner, args: [2, 3] }]);
    expect(bound).toHaveLength(2);
  });

  it('binds this where it is given, as the static bind does with the current scope', () => {
    const storage = new AsyncLocalStorage<string>();
    const self = { name: 'thisArg' };
    const bound = storage.run('bound here', () => AsyncResource.bind(function (this: { name: string }, suffix: string) {
      return `${this.name} ${storage.getStore()} ${suffix}`;
    }, undefined, self));
    expect(bound.call({ name: 'other' }, '!')).toBe('thisArg bound here !');
    expect(bound).toHaveLength(1);
  });

  it('lets an exception of the bound function reach the caller, and leaves the scope after it', () => {
    const storage = new AsyncLocalStorage<string>();
    const bound = storage.run('inside', () => AsyncResource.bind(() => {
      throw new Error('refused');
    }));
    expect(() => bound()).toThrow('refused');
    expect(storage.getStore()).toBeUndefined();
  });

  it('refuses what is not a function as the runtime does', () => {
    let refusal: unknown;
    try {
      new AsyncResource('test').bind(42 as unknown as () => void);
    } catch (error) {
      refusal = error;
    }
    // By name: in a Jest worker, the bind in place may come from another test file's realm
    // (the module is shared, and every API test's app backports it).
    expect(refusal).toMatchObject({ name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
  });
});
