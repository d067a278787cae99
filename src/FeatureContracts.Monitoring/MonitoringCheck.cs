using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using FeatureContracts.Contracts;
using FeatureContracts.Domains;
using FeatureContracts.Export;
using FeatureContracts.Export.Statistics;
using FeatureContracts.Rows;
using FeatureContracts.Serving;
using NodaTime;

namespace FeatureContracts.Monitoring;

/// <summary>How <see cref="MonitoringCheck"/> reads its inputs.</summary>
public sealed class MonitoringOptions
{
    /// <summary>The defaults.</summary>
    public static MonitoringOptions Default { get; } = new();

    /// <summary>The most serving rows the parity check recomputes; 1,000 by default.</summary>
    public int ParitySampleSize { get; init; } = 1000;

    /// <summary>The most mismatch examples kept per feature; 3 by default.</summary>
    public int ExamplesPerFeature { get; init; } = 3;

    /// <summary>The fewest rows (or parity comparisons, or served values for drift) a check needs to fail; 30 by default.</summary>
    public int MinimumRows { get; init; } = 30;

    /// <summary>The most unusable serving-log lines quoted in the report; 5 by default.</summary>
    public int UnusableExamples { get; init; } = 5;

    /// <summary>The most unseen codes listed per categorical feature, most frequent first; 10 by default.</summary>
    public int UnseenCodes { get; init; } = 10;
}

/// <summary>
/// Checks a serving log against the manifest of the training export its model was trained on, for any domain: the
/// measures of <see cref="MonitorWindow"/> over every usable line, drift of every feature against the manifest's
/// statistics (<see cref="DriftCheck"/>), and, given the event log, the parity sample (<see cref="ParityCheck"/>); then
/// the contract's thresholds turn them into verdicts (<see cref="MonitorEvaluator"/>).
/// </summary>
public static class MonitoringCheck
{
    /// <summary>Runs every check and returns the report.</summary>
    /// <param name="transform">The transform the training export and the scorer used.</param>
    /// <param name="baseline">The training export's manifest.</param>
    /// <param name="servingLog">The serving log's lines (from <see cref="ServingLogReader"/>), enumerated once.</param>
    /// <param name="events">The event log as a lookup, for the parity check; <see langword="null"/> to skip it.</param>
    /// <param name="options">Sample sizes and minimums; <see cref="MonitoringOptions.Default"/> when omitted.</param>
    /// <exception cref="ArgumentException">The manifest is of another contract than the transform's (both fingerprints named).</exception>
    public static MonitoringReport Run(
        Transform transform, ExportManifest baseline, IEnumerable<ServingLogLine> servingLog, IHistoryLookup? events = null, MonitoringOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transform);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(servingLog);
        options ??= MonitoringOptions.Default;
        FeatureContract contract = transform.Contract;
        if (!string.Equals(baseline.Contract.Fingerprint, contract.Fingerprint, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The baseline manifest is of contract '{baseline.Contract.Name}' v{baseline.Contract.Version} (fingerprint {baseline.Contract.Fingerprint}); "
                + $"the transform's contract '{contract.Name}' v{contract.Version} has fingerprint {contract.Fingerprint}.",
                nameof(baseline));
        }

        // One pass over the log: it may be a reader that can be enumerated only once.
        var window = new MonitorWindow(contract);
        var drift = new DriftCheck.DriftCounter(contract, baseline.Statistics);
        ParityCheck? parityCheck = events is null ? null : new ParityCheck(transform, events, options.ParitySampleSize, options.ExamplesPerFeature);
        ParityCheck.Sampler? sampler = parityCheck?.CreateSampler();
        var unseenCodes = new Dictionary<string, long>?[contract.Features.Length];
        long lines = 0;
        long scored = 0;
        var unusable = new List<string>();
        long unusableCount = 0;
        Instant? from = null;
        Instant? to = null;
        foreach (ServingLogLine line in servingLog)
        {
            lines++;
            if (line.Entry is not { } entry)
            {
                unusableCount++;
                if (unusable.Count < options.UnusableExamples)
                {
                    unusable.Add(line.Error ?? $"line {line.LineNumber}: unusable");
                }

                continue;
            }

            scored += entry.IsScored ? 1 : 0;
            from = from is { } f && f <= entry.PredictionInstant ? f : entry.PredictionInstant;
            to = to is { } t && t >= entry.PredictionInstant ? t : entry.PredictionInstant;
            window.Add(Observe(entry, contract));
            drift.Add(entry);
            sampler?.Add(entry);
            CountUnseen(entry, contract, unseenCodes);
        }

        ImmutableArray<DriftResult> driftResults = drift.Results();
        ParitySummary? parity = sampler is null ? null : parityCheck!.Recompute(sampler);
        MonitorMeasures measures = window.Measure();
        MonitorVerdict verdict = MonitorEvaluator.Evaluate(contract, measures, driftResults, parity?.Features, options.MinimumRows);

        var features = ImmutableArray.CreateBuilder<FeatureReport>(contract.Features.Length);
        for (int i = 0; i < contract.Features.Length; i++)
        {
            FeatureDefinition feature = contract.Features[i];
            features.Add(new FeatureReport(
                feature.Name,
                feature.Kind,
                Training(baseline.Statistics.Features.First(s => string.Equals(s.Name, feature.Name, StringComparison.Ordinal))),
                measures.Features[i],
                TopCodes(unseenCodes[i], options.UnseenCodes),
                driftResults[i],
                parity?.Features[i],
                verdict.Features[i]));
        }

        return new MonitoringReport(
            baseline.Contract,
            baseline.TransformVersion,
            baseline.Snapshot,
            baseline.Points,
            new ServingLogSummary(lines, lines - unusableCount, scored, unusableCount, [.. unusable], from, to),
            measures,
            parity,
            features.MoveToImmutable(),
            verdict);
    }

    /// <summary>
    /// What a serving-log entry tells the monitors: the row's cells (value, notes, freshness lag) when the scorer
    /// built one, else the contract's rejections.
    /// </summary>
    /// <param name="entry">The entry.</param>
    /// <param name="contract">The contract its row follows.</param>
    public static RowObservation Observe(ServingLogEntry entry, FeatureContract contract)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(contract);
        if (!entry.HasRow)
        {
            return RowObservation.Rejected(entry.Rejections);
        }

        var cells = ImmutableArray.CreateBuilder<CellObservation>(contract.Features.Length);
        for (int f = 0; f < contract.Features.Length; f++)
        {
            cells.Add(new CellObservation(entry.Values[f], entry.Notes[f], entry.Freshness[f]));
        }

        return RowObservation.Accepted(cells.MoveToImmutable());
    }

    /// <summary>Counts the raw codes that were unseen: mapped to the unseen bucket, or rejected as unseen.</summary>
    private static void CountUnseen(ServingLogEntry entry, FeatureContract contract, Dictionary<string, long>?[] counts)
    {
        void Count(int feature, string? code)
        {
            if (code is not null)
            {
                Dictionary<string, long> codes = counts[feature] ??= new(StringComparer.Ordinal);
                codes[code] = codes.GetValueOrDefault(code) + 1;
            }
        }

        if (entry.HasRow)
        {
            for (int f = 0; f < contract.Features.Length; f++)
            {
                if ((entry.Notes[f] & CellNotes.UnseenMapped) != 0)
                {
                    Count(f, entry.Observed[f]);
                }
            }

            return;
        }

        foreach (RowRejection rejection in entry.Rejections)
        {
            if (rejection.Code == RejectionCode.UnseenCategory && rejection.Feature is { } name)
            {
                for (int f = 0; f < contract.Features.Length; f++)
                {
                    if (string.Equals(contract.Features[f].Name, name, StringComparison.Ordinal))
                    {
                        Count(f, rejection.AttemptedValue);
                    }
                }
            }
        }
    }

    /// <summary>The most frequent codes, most frequent first, ties in ordinal order.</summary>
    private static ImmutableArray<CategoryCount> TopCodes(Dictionary<string, long>? counts, int most)
        => counts is null
            ? []
            : [.. counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(most).Select(c => new CategoryCount(c.Key, c.Value))];

    private static TrainingReference Training(FeatureStatistics statistics)
    {
        double? Rate(long n) => statistics.Count == 0 ? null : (double)n / statistics.Count;
        return new TrainingReference(
            statistics.Count,
            Rate(statistics.MissingCount + statistics.FilledCount),
            statistics.Categorical is { } categorical ? Rate(categorical.UnseenMapped) : null,
            statistics.Numeric is not null ? Rate(statistics.ClampedCount) : null);
    }
}
