// The zod schema for AppSettings (types.ts). Error messages are message keys (messages.ts) so the
// validator can report both a key for i18n and an English fallback.
import { z } from 'zod';
import { hasUrlCredentials } from '../credentials.js';
import type { AppSettings } from '../types.js';
import { MAX_STREAMS_RANGE } from './limits.js';
import { httpUrl } from '../guards.js';

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

const isHttpUrl = (value: string): boolean => httpUrl(value) !== null;

const int = (min: number, max: number) =>
  z
    .number({ message: 'settings.invalid' })
    .refine((n) => Number.isFinite(n), { message: 'settings.invalid' })
    .refine((n) => Number.isInteger(n), { message: 'settings.number.integer' })
    .refine((n) => n >= min, { message: min > 0 ? 'settings.number.positive' : 'settings.number.negative' })
    .refine((n) => n <= max, { message: 'settings.number.tooLarge' });

export const serverSettingSchema = z
  .object({
    id: z.string({ message: 'settings.invalid' }).min(1, { message: 'settings.invalid' }).max(200, { message: 'settings.invalid' }),
    name: z.string({ message: 'settings.invalid' }).trim().min(1, { message: 'settings.server.emptyName' }).max(200),
    url: z
      .string({ message: 'settings.url.invalid' })
      .max(2000, { message: 'settings.url.invalid' })
      .refine((v) => URL.canParse(v), { message: 'settings.url.invalid' })
      .refine((v) => !URL.canParse(v) || isHttpUrl(v), { message: 'settings.url.protocol' }),
    // null: a secret that is needed but unknown in this run (see ServerSetting in types.ts).
    headers: z.record(z.string(), z.union([z.string().max(8000), z.null()])).refine((h) => Object.keys(h).length <= 50, { message: 'settings.invalid' }),
  })
  .strict()
  .superRefine((server, ctx) => {
    for (const [name, value] of Object.entries(server.headers)) {
      if (!HEADER_NAME.test(name) || (value !== null && /[\r\n]/.test(value))) {
        ctx.addIssue({ code: 'custom', path: ['headers', name], message: 'settings.header.invalid' });
      }
    }
  });

const nullableTime = z.union([z.number().finite(), z.null()]);

export const appSettingsSchema = z
  .object({
    version: z.number().int(),
    servers: z.array(serverSettingSchema).min(1, { message: 'settings.server.none' }).max(50),
    unwatched: z.array(z.string().min(1).max(1000)).max(10_000),
    retryIntervalSec: int(1, 3600),
    maxAttempts: int(0, 1_000_000),
    backoffCapSec: int(1, 86_400),
    healthIntervalSec: int(1, 3600),
    bufferSize: int(100, 1_000_000),
    maxStreams: int(MAX_STREAMS_RANGE.min, MAX_STREAMS_RANGE.max),
    notifications: z
      .object({
        enabled: z
          .object({
            'error-line': z.boolean(),
            'model-failed': z.boolean(),
            'connection-lost': z.boolean(),
            'model-ready': z.boolean(),
          })
          .strict(),
        throttleSec: int(0, 86_400),
        gracePeriodSec: int(0, 86_400),
        maxPerMinute: int(1, 1000),
        mutes: z.record(z.string().min(1), nullableTime),
        pausedUntil: nullableTime.exactOptional(),
        slowGenerationTps: int(0, 100_000).exactOptional(),
      })
      .strict(),
    language: z.enum(['system', 'zh-CN', 'en'], { message: 'settings.invalid' }),
    theme: z.enum(['system', 'light', 'dark'], { message: 'settings.invalid' }),
    launchAtLogin: z.boolean(),
    startHidden: z.boolean(),
    firstRunDone: z.boolean(),
    credentialStorage: z.enum(['ask', 'plain-text', 'memory-only'], { message: 'settings.invalid' }),
  })
  .strict()
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.servers.forEach((server, i) => {
      if (seen.has(server.id)) {
        ctx.addIssue({ code: 'custom', path: ['servers', i, 'id'], message: 'settings.server.duplicateId' });
      }
      seen.add(server.id);
      // Credentials in the URL would be stored and shown in plain text: they belong in a header.
      if (hasUrlCredentials(server.url)) {
        ctx.addIssue({ code: 'custom', path: ['servers', i, 'url'], message: 'settings.url.credentials' });
      }
    });
    if (s.backoffCapSec < s.retryIntervalSec) {
      ctx.addIssue({ code: 'custom', path: ['backoffCapSec'], message: 'settings.backoff.belowRetry' });
    }
  });

// Compile-time check that the schema and the shared type agree in both directions (modulo readonly).
type Parsed = z.infer<typeof appSettingsSchema>;
type DeepMutable<T> = T extends object ? { -readonly [K in keyof T]: DeepMutable<T[K]> } : T;
type AssertExtends<A extends B, B> = A;
/** @public compile-time check, never imported */
export type _SchemaMatchesType = AssertExtends<Parsed, AppSettings>;
/** @public compile-time check, never imported */
export type _TypeMatchesSchema = AssertExtends<DeepMutable<AppSettings>, Parsed>;
