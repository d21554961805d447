import { AsyncResource } from 'node:async_hooks';

/**
 * `AsyncResource.prototype.bind` as later Node.js releases have it, for the releases that still
 * give every bound function the deprecated `asyncResource` accessor (DEP0172).
 *
 * There, each bound function is redefined with `Object.defineProperties` and gets two
 * `util.deprecate` wrappers whose prototypes are reset. NestJS binds two functions per
 * interceptor on every request (`InterceptorsConsumer`), so an inbound post built several of
 * them. They were the largest share of what the api's scavenges promoted to the old generation:
 * at 525 posts/s of 5 messages each, the old generation grew by 1.63–1.66 MB per scavenge with
 * the runtime's `bind` and by 0.47–0.49 MB with this one, and the mark-compacts that stalled
 * every request in flight (1–2 per 15 s) stopped (bench/README.md, 2026-12-06).
 *
 * Later Node.js removed the property (End-of-Life, nodejs/node#58618) and binds exactly as
 * below: the same scope, `this`, arguments, result and `length`. Where the runtime binds without
 * the property already, nothing is replaced. Answers whether it replaced the runtime's `bind`.
 */
export function backportAsyncResourceBind(): boolean {
  const probe = new AsyncResource('perepiska:bind-probe').bind(() => undefined);
  if (!Object.prototype.hasOwnProperty.call(probe, 'asyncResource')) return false;
  AsyncResource.prototype.bind = function bind<Func extends (...args: never[]) => unknown>(this: AsyncResource, bindable: Func, thisArg?: unknown) {
    const fn = bindable as unknown as (this: unknown, ...args: unknown[]) => unknown;
    if (typeof fn !== 'function') {
      throw Object.assign(new TypeError(`The "fn" argument must be of type function. Received ${fn === null ? 'null' : typeof fn}`), { code: 'ERR_INVALID_ARG_TYPE' });
    }
    // The bound function's own `this` is its caller's; the resource is captured here.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const resource = this;
    const bound =
      thisArg === undefined
        ? function (this: unknown, ...args: unknown[]) {
            return resource.runInAsyncScope(fn, this, ...args);
          }
        : resource.runInAsyncScope.bind(resource, fn, thisArg);
    Object.defineProperty(bound, 'length', { configurable: true, enumerable: false, value: fn.length, writable: false });
    return bound as unknown as Func;
  } as typeof AsyncResource.prototype.bind;
  return true;
}
