// The "sessions-api" platform mode. Another platform (e.g. genesys-cloud) would be a sibling
// folder exporting the same kind of function.
import type { EmulatorContext } from '../context';
import type { Route } from '../router';
import { apiRoutes } from './api';
import { authorizeRoutes } from './oauth-authorize';
import { tokenRoutes } from './oauth-token';

export function sessionsApiRoutes(ctx: EmulatorContext): Route[] {
  return [...authorizeRoutes(ctx), ...tokenRoutes(ctx), ...apiRoutes(ctx)];
}
