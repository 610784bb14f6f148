// What the server routes accept, checked at the boundary. Unknown fields are refused so a typo
// (`licence_sync`) is an error, not a silent no-op.
import { z } from "zod";

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

const token = z
  .string("must be a GHES personal access token (text)")
  .trim()
  .min(1, "must not be empty; leave it out for an upload-only server")
  .max(255, "is longer than any GHES token")
  .regex(/^[\x21-\x7e]+$/, "must be a GHES personal access token (no spaces or other characters)");

export const registerServerInput = z.strictObject({
  hostname: z
    .string("is required: the GHES host name, e.g. ghes.example.com")
    .trim()
    .toLowerCase()
    .regex(HOSTNAME, "must be a host name such as ghes.example.com (no scheme, port or path)"),
  api_url: z.string("must be a URL such as https://ghes.example.com/api/v3").trim().min(1, "must not be empty").optional(),
  token: token.optional(),
});

export const updateServerInput = z
  .strictObject({
    license_sync: z.enum(["enabled", "disabled"], 'must be "enabled" or "disabled"').optional(),
    token: token.optional(),
  })
  .refine((value) => value.license_sync !== undefined || value.token !== undefined, {
    message: "send license_sync, token or both",
  });

export type RegisterServerInput = z.infer<typeof registerServerInput>;
export type UpdateServerInput = z.infer<typeof updateServerInput>;
