// Which alerts should be open right now: pure, from the count in force and the servers' run
// streaks. Each alert has a stable key, so a condition that persists updates its issue.
export type AlertThresholds = { seatThreshold: number; failedSyncs: number };

export type AlertInputs = {
  org: string;
  consumed: number | null;
  /** numeric seats purchased; null when unknown or unlimited (no seat alert then) */
  purchased: number | null;
  servers: Array<{ id: string; hostname: string; consecutiveFailures: number; lastSyncError: string | null }>;
};

export type WantedAlert = { key: string; title: string; body: string };

export function alertConditions(inputs: AlertInputs, thresholds: AlertThresholds): WantedAlert[] {
  const wanted: WantedAlert[] = [];
  const { consumed, purchased } = inputs;
  if (consumed !== null && purchased !== null && purchased > 0 && consumed / purchased >= thresholds.seatThreshold) {
    const percent = Math.round((consumed / purchased) * 100);
    wanted.push({
      key: "seat_threshold",
      title: `license-sync: ${consumed} of ${purchased} licenses consumed (${percent}%)`,
      body: [
        `The enterprise consumes **${consumed}** of its **${purchased}** purchased licenses (${percent}%),`,
        `at or above the alert threshold of ${Math.round(thresholds.seatThreshold * 100)}% set in \`.github/license-sync.yml\`.`,
        "",
        "People counted twice because their GitHub Enterprise Server email matches nothing on GitHub are listed",
        "as unmatched on the license-sync dashboard; an identity mapping or a verified email joins them.",
        "",
        "This issue is updated by license-sync and closed when usage falls below the threshold.",
      ].join("\n"),
    });
  }
  for (const server of inputs.servers) {
    if (thresholds.failedSyncs > 0 && server.consecutiveFailures >= thresholds.failedSyncs) {
      wanted.push({
        key: `failed_syncs:${server.id}`,
        title: `license-sync: ${server.hostname} failed ${server.consecutiveFailures} syncs in a row`,
        body: [
          `The last ${server.consecutiveFailures} license syncs of **${server.hostname}** failed.`,
          "",
          `Last error: ${server.lastSyncError ? `\`${server.lastSyncError.replace(/`/g, "'")}\`` : "(none recorded)"}`,
          "",
          "Its last good data stays in force until a sync succeeds. This issue is closed by license-sync when one does.",
        ].join("\n"),
      });
    }
  }
  return wanted;
}
