// The "sessions-api" platform mode's routes; its OAuth routes are shared with genesys-cloud/.
import type { EmulatorContext } from '../context';
import type { Route } from '../router';
import { apiRoutes } from './api';
import { authorizeRoutes } from './oauth-authorize';
import { tokenRoutes } from './oauth-token';

export function sessionsApiRoutes(ctx: EmulatorContext): Route[] {
  return [...authorizeRoutes(ctx), ...tokenRoutes(ctx), ...apiRoutes(ctx)];
}
