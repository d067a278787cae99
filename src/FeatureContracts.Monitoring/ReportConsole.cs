using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace FeatureContracts.Monitoring;

/// <summary>
/// Writes a <see cref="MonitoringReport"/> as a plain-text table for a terminal: one line per feature (no-value,
/// unseen and out-of-range rates, freshness p50 / p95 / max, drift, parity mismatches, verdict), then the verdict and
/// every failing or warning check with the action it calls for.
/// </summary>
public static class ReportConsole
{
    private static readonly string[] Header = ["feature", "no value", "unseen", "out of range", "freshness p50/p95/max", "drift", "parity", "verdict"];

    /// <summary>Writes the table to <paramref name="output"/>.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="report">The report.</param>
    public static void Write(TextWriter output, MonitoringReport report)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(report);
        ServingLogSummary log = report.ServingLog;
        output.WriteLine(
            $"monitoring {report.Contract.Name} v{report.Contract.Version} against the export as known at {report.BaselineSnapshot}: "
            + $"{log.Entries} serving-log entries ({log.Scored} scored, {log.Unusable} unusable lines)"
            + (log.From is { } from && log.To is { } to ? $" from {Rows.RowCodec.FormatInstant(from)} to {Rows.RowCodec.FormatInstant(to)}" : string.Empty));
        if (report.Measures.RejectionsByCode.Count > 0)
        {
            output.WriteLine("rejections: " + string.Join(", ", report.Measures.RejectionsByCode.Select(r => $"{r.Key} {ReportText.Percent(report.Measures.RejectionRate(r.Key))}")));
        }

        if (report.Parity is { } parity)
        {
            output.WriteLine($"parity: {parity.Sampled} of {parity.Eligible} served rows recomputed from the event log");
        }

        List<string[]> rows = [Header];
        rows.AddRange(report.Features.Select(f => new[]
        {
            f.Feature,
            ReportText.Percent(f.Serving.NullRate),
            ReportText.Percent(f.Serving.UnseenRate),
            ReportText.Percent(f.Serving.OutOfRangeRate),
            ReportText.Freshness(f.Serving.Freshness),
            ReportText.Drift(f.Drift),
            ReportText.Parity(f.Parity),
            ReportText.Word(f.Verdict.Verdict),
        }));
        int[] widths = [.. Enumerable.Range(0, Header.Length).Select(c => rows.Max(r => r[c].Length))];
        foreach (string[] row in rows)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c]))).TrimEnd());
        }

        foreach (FeatureReport feature in report.Features.Where(f => !f.UnseenCodes.IsDefaultOrEmpty))
        {
            output.WriteLine($"unseen {feature.Feature} codes: {ReportText.Codes(feature)}");
        }

        output.WriteLine($"verdict: {ReportText.Word(report.Overall).ToUpperInvariant()}");
        foreach (CheckResult check in report.Verdict.Failing.Concat(report.Verdict.Warning))
        {
            output.WriteLine($"  {ReportText.Word(check.Verdict)} {check.Feature}: {check.Message} -> {ReportText.Describe(check.Action)}");
        }
    }
}
