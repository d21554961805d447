import { SetMetadata, applyDecorators } from '@nestjs/common';
import { type Permission } from './permissions';

/**
 * The permission contract every route declares (ARCHITECTURE.md rule 4). A route carries
 * exactly one of the decorators; a test enumerates the registered routes and fails on a
 * route with neither. The guard that enforces them lives with identity.
 */
export const PERMISSIONS_METADATA = 'perepiska:permissions';
export const PUBLIC_ROUTE_METADATA = 'perepiska:public';

/** The caller needs every listed permission in the current tenant. */
export function RequirePermission(...permissions: [Permission, ...Permission[]]): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(PERMISSIONS_METADATA, permissions));
}

/** Any authenticated caller may use the route, whatever its permissions (e.g. signing out). */
export function Authenticated(): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(PERMISSIONS_METADATA, []));
}

/** The route is open without authentication; the reason is required so reviews can see it. */
export function Public(reason: string): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(PUBLIC_ROUTE_METADATA, reason));
}
