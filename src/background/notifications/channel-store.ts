import * as z from 'zod/mini';
import { defineItem } from '../../shared/storage';

/** The open notification channel, so a restarted worker reconnects to it instead of opening another. */
export const channelItem = defineItem(
  'session',
  'notificationChannel',
  z.nullable(
    z.object({
      id: z.string(),
      connectUri: z.string(),
      expires: z.number(),
      userId: z.string(),
      environment: z.string(),
    }),
  ),
  null,
);

/** Renew a channel this long before the platform drops it (Genesys channels last 24 h). */
export const RENEW_BEFORE_MS = 10 * 60 * 1000;
