// Every webhook the app handles, each behind the delivery claim. Add new handlers here, not with
// another `app.on` elsewhere: a delivery id is claimed once, by the one handler of its event.
import type { Probot } from "probot";
import type { AppDependencies } from "../app.js";
import { onInstallationCreated } from "./installation-created.js";
import { onInstallationDeleted } from "./installation-deleted.js";
import { onInstallationNewPermissionsAccepted } from "./installation-new-permissions-accepted.js";
import { onInstallationSuspend } from "./installation-suspend.js";
import { onInstallationTargetRenamed } from "./installation-target-renamed.js";
import { onInstallationUnsuspend } from "./installation-unsuspend.js";
import { onOrganizationDeleted } from "./organization-deleted.js";
import { onOrganizationMemberAdded } from "./organization-member-added.js";
import { onOrganizationMemberRemoved } from "./organization-member-removed.js";
import { onOrganizationRenamed } from "./organization-renamed.js";
import { onPush, pushSettled } from "./push.js";
import { guardWebhookReceiver } from "./usable-payload.js";
import { withDelivery } from "./with-delivery.js";

export function registerWebhookHandlers(app: Probot, deps: AppDependencies): void {
  // Signed but unusable deliveries are refused (400) before any handler or claim (usable-payload.ts).
  guardWebhookReceiver(app.webhooks);
  app.on("installation.created", withDelivery(deps, onInstallationCreated));
  app.on("installation.deleted", withDelivery(deps, onInstallationDeleted));
  app.on("installation.suspend", withDelivery(deps, onInstallationSuspend));
  app.on("installation.unsuspend", withDelivery(deps, onInstallationUnsuspend));
  app.on("installation.new_permissions_accepted", withDelivery(deps, onInstallationNewPermissionsAccepted));
  app.on("installation_target.renamed", withDelivery(deps, onInstallationTargetRenamed));
  app.on("organization.renamed", withDelivery(deps, onOrganizationRenamed));
  app.on("organization.deleted", withDelivery(deps, onOrganizationDeleted));
  app.on("organization.member_removed", withDelivery(deps, onOrganizationMemberRemoved));
  app.on("organization.member_added", withDelivery(deps, onOrganizationMemberAdded));
  app.on("push", withDelivery(deps, onPush, pushSettled));
}
