import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { PERMISSIONS_METADATA, PUBLIC_ROUTE_METADATA } from '@perepiska/platform';

export interface DeclaredRoute {
  route: string;
  permissions?: string[];
  publicReason?: string;
}

/** Every route the booted product registers, with what it declares (ARCHITECTURE.md rule 4). */
export function declaredRoutes(app: NestFastifyApplication): DeclaredRoute[] {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const routes: DeclaredRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!instance || !wrapper.metatype) continue;
    const prototype = Object.getPrototypeOf(instance) as object;
    const base = String(Reflect.getMetadata(PATH_METADATA, wrapper.metatype) ?? '');
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = (prototype as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (path === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      const targets = [handler, wrapper.metatype];
      routes.push({
        route: `${method} /${[base, path].filter((p) => p && p !== '/').join('/')} (${wrapper.metatype.name}.${name})`,
        permissions: reflector.getAllAndOverride<string[] | undefined>(PERMISSIONS_METADATA, targets),
        publicReason: reflector.getAllAndOverride<string | undefined>(PUBLIC_ROUTE_METADATA, targets),
      });
    }
  }
  return routes;
}
