using System.Collections.Immutable;
using FeatureContracts.Contracts;
using FeatureContracts.Export;
using FeatureContracts.Export.Statistics;
using NodaTime;

namespace FeatureContracts.Monitoring;

/// <summary>What was read from the serving log.</summary>
/// <param name="Lines">Lines read.</param>
/// <param name="Entries">Usable lines.</param>
/// <param name="Scored">Entries that were scored.</param>
/// <param name="Unusable">Lines that could not be used; <c>Lines = Entries + Unusable</c>.</param>
/// <param name="UnusableExamples">The first few unusable lines' errors (line, property, reason).</param>
/// <param name="From">The earliest prediction instant among the entries; <see langword="null"/> without entries.</param>
/// <param name="To">The latest prediction instant among the entries; <see langword="null"/> without entries.</param>
public sealed record ServingLogSummary(long Lines, long Entries, long Scored, long Unusable, ImmutableArray<string> UnusableExamples, Instant? From, Instant? To);

/// <summary>
/// What the training export saw of a feature, from its manifest, next to which the serving measures are read. The
/// rates are over the exported rows (rejected points have no row there).
/// </summary>
/// <param name="Rows">Exported rows.</param>
/// <param name="NoValueRate">Rows with no known value (missing, or filled by the missing rule) / rows.</param>
/// <param name="UnseenRate">Rows whose category was mapped to the unseen bucket / rows; categorical features only.</param>
/// <param name="OutOfRangeRate">Rows whose value was clamped into range / rows; numeric features only.</param>
public sealed record TrainingReference(long Rows, double? NoValueRate, double? UnseenRate, double? OutOfRangeRate);

/// <summary>Everything the monitors found about one feature.</summary>
/// <param name="Feature">The feature's name.</param>
/// <param name="Kind">The feature's kind.</param>
/// <param name="Training">The training export's view of it.</param>
/// <param name="Serving">The serving log's measures.</param>
/// <param name="UnseenCodes">
/// The raw codes behind the unseen rate of a categorical feature (mapped to the unseen bucket or rejected as unseen),
/// most frequent first: what "collect labels and retrain" needs to know. Empty for other kinds.
/// </param>
/// <param name="Drift">The drift against the training baseline, with the bins.</param>
/// <param name="Parity">The parity sample's result; <see langword="null"/> when no event log was given.</param>
/// <param name="Verdict">The feature's verdict and every check behind it.</param>
public sealed record FeatureReport(
    string Feature,
    FeatureKind Kind,
    TrainingReference Training,
    FeatureMeasures Serving,
    ImmutableArray<CategoryCount> UnseenCodes,
    DriftResult Drift,
    ParityResult? Parity,
    FeatureVerdict Verdict);

/// <summary>
/// A monitoring report: a serving log checked against the manifest of the training export its model was trained on,
/// under the contract's thresholds. Written as JSON (<see cref="ReportJson"/>), a console table
/// (<see cref="ReportConsole"/>) or one self-contained HTML page (<see cref="ReportHtml"/>).
/// </summary>
/// <param name="Contract">The contract the rows follow.</param>
/// <param name="TransformVersion">The transform version of the training export.</param>
/// <param name="BaselineSnapshot">The training export's snapshot instant, as its manifest gives it.</param>
/// <param name="BaselinePoints">The training export's point counts (rejections by reason included).</param>
/// <param name="ServingLog">What was read from the serving log.</param>
/// <param name="Measures">The serving log's measures: request, rejection and per-feature counts.</param>
/// <param name="Parity">The parity sample's totals; <see langword="null"/> when no event log was given.</param>
/// <param name="Features">One report per feature, in contract order.</param>
/// <param name="Verdict">The verdict per feature and overall.</param>
public sealed record MonitoringReport(
    ContractIdentity Contract,
    string TransformVersion,
    string BaselineSnapshot,
    PointCounts BaselinePoints,
    ServingLogSummary ServingLog,
    MonitorMeasures Measures,
    ParitySummary? Parity,
    ImmutableArray<FeatureReport> Features,
    MonitorVerdict Verdict)
{
    /// <summary>The overall verdict.</summary>
    public Verdict Overall => Verdict.Overall;
}
