// The instance's license (`GET /enterprise/settings/license`). `seats` may be a number or a word
// such as "unlimited", and `expire_at` is not ISO ("2016/02/06 12:41:52 -0600"): both are kept
// as GitHub gives them, with the expiry also converted for sorting and display.
import { z } from "zod";
import type { GhesClient } from "./ghes-client.js";

const seatCount = z.union([z.number().int().nonnegative(), z.string().min(1)]);

const licenseSchema = z.object({
  seats: seatCount,
  seats_used: z.number().int().nonnegative(),
  seats_available: seatCount,
  kind: z.string().optional(),
  days_until_expiration: z.number().int().optional(),
  expire_at: z.string().optional(),
});

export type GhesLicense = z.infer<typeof licenseSchema> & { expires_at_iso: string | null };

export async function fetchGhesLicense(client: GhesClient): Promise<GhesLicense> {
  const { data } = await client.getJson("/enterprise/settings/license", licenseSchema);
  return { ...data, expires_at_iso: data.expire_at ? parseGhesTimestamp(data.expire_at) : null };
}

/** "2016/02/06 12:41:52 -0600" → "2016-02-06T18:41:52.000Z"; ISO input passes through; else null. */
export function parseGhesTimestamp(text: string): string | null {
  const match = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2}):?(\d{2})$/.exec(text.trim());
  const date = match
    ? new Date(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}${match[7]}${match[8]}:${match[9]}`)
    : new Date(text);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** A license's seats as a number, or null when unlimited or unreadable (no limit for alerts). */
export function seatsAsNumber(seats: number | string): number | null {
  if (typeof seats === "number") return seats;
  return /^\d+$/.test(seats.trim()) ? Number(seats.trim()) : null;
}
