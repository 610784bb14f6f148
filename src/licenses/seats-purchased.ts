// How many seats the enterprise bought. The settings file's `seats` wins; otherwise one
// enterprise license covers every server, so the largest `seats` any GHES license states is it.
// GHES may state seats as a string such as "unlimited", which stays a string.

export type SeatsPurchased = number | "unlimited" | null;

export function parseLicenseSeats(license: unknown): SeatsPurchased {
  const seats = (license as { seats?: unknown } | null | undefined)?.seats;
  if (typeof seats === "number" && Number.isInteger(seats) && seats >= 0) return seats;
  if (typeof seats === "string") {
    const text = seats.trim().toLowerCase();
    if (/^\d+$/.test(text)) return Number(text);
    if (text === "unlimited") return "unlimited";
  }
  return null;
}

export function seatsPurchased(settingsSeats: number | null | undefined, licenses: unknown[]): SeatsPurchased {
  if (typeof settingsSeats === "number") return settingsSeats;
  let largest: SeatsPurchased = null;
  for (const license of licenses) {
    const seats = parseLicenseSeats(license);
    if (seats === null) continue;
    if (seats === "unlimited" || largest === "unlimited") largest = "unlimited";
    else largest = largest === null ? seats : Math.max(largest, seats);
  }
  return largest;
}
