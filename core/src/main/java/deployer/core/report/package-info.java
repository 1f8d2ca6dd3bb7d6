/**
 * Public API: reports of a run for programs and people — the JSON run report ({@link deployer.core.report.RunReportJson},
 * format in docs/schema/run-report.schema.json) and the self-contained HTML timeline
 * ({@link deployer.core.report.HtmlReport}) — both built from the run's events by a {@link deployer.core.report.RunRecorder}.
 */
package deployer.core.report;
