/** The access review, pure: effective access as Portainer 2.45 resolves it, the report's data, and the comparison of two reports. */
export { buildReport, type ReportOptions } from './build-report.js';
export { compareReports, type AccessDifference, type AccessGrantShown, type AuditComparison, type KeyShown } from './compare-reports.js';
export { compareFleetReports, type FleetAuditComparison, type FleetComparisonEntry, type FleetComparisonSummary, type NotCompared } from './compare-fleet.js';
export { fleetAuditOf, fleetAuditSchema, type FleetAudit, type FleetAuditEntry, type FleetAuditSummary } from './fleet-report.js';
export { auditReportSchema, type AccessCell, type AuditKey, type AuditReport, type AuditUser } from './report-schema.js';
export { AuditReportError, parseAuditReport, parseAuditReview, type AuditReview } from './read-report.js';
export { resolveAccess, type ResolvedAccess, type ResolverInput } from './resolve-access.js';
export type * from './server.js';
export { ADMINISTRATOR_ROLE, VIA_ADMINISTRATOR, VIA_ENVIRONMENT } from './via.js';
