using System;
using System.Collections.Immutable;
using System.IO;
using FeatureContracts.Contracts;
using FeatureContracts.Domains;
using FeatureContracts.Rows;

namespace FeatureContracts.Export.Statistics;

/// <summary>
/// Accumulates per-feature and label statistics over exported rows, deterministically and mergeably: the
/// statistics of N shards merged in any order or grouping equal those of one process over all rows, bit for bit.
/// </summary>
/// <remarks>
/// <para>Per feature: rows, missing count and null rate, and counts of what the policies did (filled, clamped,
/// beyond max age, defaulted by declared absence). Numeric features: exact min and max; the mean from an exact sum
/// (every double is an integer multiple of 2^-1074, so the sum is kept as an exact integer and never rounded; the
/// mean is that sum divided by the count, correctly rounded once); quantiles p01..p99 from a log-bucket sketch
/// (relative accuracy <see cref="QuantileRelativeAccuracy"/>, memory bounded by the number of non-empty buckets).
/// Categorical features: a count per vocabulary code, in vocabulary order, then the unseen bucket, and the number of
/// values mapped to the bucket. Boolean features: true and false counts. Labels: the count of each of the domain's two
/// classes, by their names.</para>
/// <para>Not thread-safe: give each thread or shard its own instance and merge them.</para>
/// </remarks>
public sealed class ExportStatistics
{
    /// <summary>The largest relative error of a quantile estimate: 1/128 (0.78 %).</summary>
    public const double QuantileRelativeAccuracy = QuantileSketch.RelativeAccuracy;

    private readonly string? _fingerprint;
    private readonly FeatureAccumulator[] _features;
    private readonly string _positiveClass;
    private readonly string _negativeClass;
    private long _positive;
    private long _negative;

    /// <summary>Creates empty statistics for rows of <paramref name="contract"/> labelled by <paramref name="label"/>.</summary>
    /// <param name="contract">The contract the rows follow.</param>
    /// <param name="label">The domain's label, whose class names the label counts carry (<c>late</c>, <c>on_time</c>).</param>
    public ExportStatistics(FeatureContract contract, LabelDefinition label)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(label);
        _positiveClass = label.PositiveClass;
        _negativeClass = label.NegativeClass;
        _fingerprint = contract.Fingerprint;
        _features = new FeatureAccumulator[contract.Features.Length];
        for (int i = 0; i < _features.Length; i++)
        {
            _features[i] = contract.Features[i] switch
            {
                NumericFeatureDefinition numeric => new NumericAccumulator(numeric.Name),
                CategoricalFeatureDefinition categorical => new CategoricalAccumulator(
                    categorical.Name,
                    categorical.Unseen.Action == UnseenAction.MapToBucket ? categorical.Unseen.Bucket : null,
                    categorical.Unseen.Action == UnseenAction.MapToBucket ? [.. categorical.Vocabulary, categorical.Unseen.Bucket!] : categorical.Vocabulary),
                var boolean => new BooleanAccumulator(boolean.Name),
            };
        }
    }

    private ExportStatistics(FeatureAccumulator[] features, LabelCounts labels)
    {
        _features = features;
        _positiveClass = labels.PositiveClass;
        _negativeClass = labels.NegativeClass;
        _positive = labels.Positive;
        _negative = labels.Negative;
    }

    /// <summary>The number of rows added (merged ones included).</summary>
    public long Rows => _positive + _negative;

    /// <summary>Adds one exported row and its label (true = the positive class, e.g. late).</summary>
    /// <exception cref="ArgumentException">The row does not follow these statistics' contract.</exception>
    public void Add(FeatureRow row, bool label)
    {
        ArgumentNullException.ThrowIfNull(row);
        if ((_fingerprint is not null && !string.Equals(row.Fingerprint, _fingerprint, StringComparison.Ordinal)) || row.Cells.Length != _features.Length)
        {
            throw new ArgumentException($"Row {row.EntityId}@{row.PredictionInstant} follows contract {row.ContractName} v{row.ContractVersion} ({row.Fingerprint}), not the one these statistics describe.", nameof(row));
        }

        // Check the whole row before counting any of it, so a bad row leaves the statistics unchanged.
        for (int i = 0; i < _features.Length; i++)
        {
            _features[i].Check(row.Cells[i]);
        }

        for (int i = 0; i < _features.Length; i++)
        {
            _features[i].Add(row.Cells[i]);
        }

        if (label)
        {
            _positive++;
        }
        else
        {
            _negative++;
        }
    }

    /// <summary>
    /// Adds <paramref name="other"/>'s rows to these statistics, in place; <paramref name="other"/> is unchanged. Exact:
    /// merging in any order or grouping gives the same result as adding every row to one instance.
    /// </summary>
    /// <exception cref="ArgumentException">The statistics describe different contracts, layouts or label classes.</exception>
    public void Merge(ExportStatistics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(other, this))
        {
            throw new ArgumentException("Statistics cannot be merged into themselves.", nameof(other));
        }

        if ((_fingerprint is not null && other._fingerprint is not null && !string.Equals(_fingerprint, other._fingerprint, StringComparison.Ordinal))
            || _features.Length != other._features.Length)
        {
            throw new ArgumentException("The statistics describe different contracts.", nameof(other));
        }

        if (_positiveClass != other._positiveClass || _negativeClass != other._negativeClass)
        {
            throw new ArgumentException(
                $"The statistics count different label classes: {_positiveClass}/{_negativeClass} and {other._positiveClass}/{other._negativeClass}.", nameof(other));
        }

        for (int i = 0; i < _features.Length; i++)
        {
            if (!_features[i].SameShape(other._features[i]))
            {
                throw new ArgumentException($"The statistics describe different features at position {i}: '{_features[i].Name}' ({_features[i].Kind}) and '{other._features[i].Name}' ({other._features[i].Kind}).", nameof(other));
            }
        }

        for (int i = 0; i < _features.Length; i++)
        {
            _features[i].Merge(other._features[i]);
        }

        _positive += other._positive;
        _negative += other._negative;
    }

    /// <summary>An immutable snapshot of the statistics so far, with every derived value (mean, quantiles, null rate).</summary>
    public StatisticsSnapshot Snapshot()
    {
        var features = ImmutableArray.CreateBuilder<FeatureStatistics>(_features.Length);
        foreach (FeatureAccumulator feature in _features)
        {
            features.Add(feature.ToStatistics());
        }

        return new StatisticsSnapshot(Rows, features.MoveToImmutable(), new LabelCounts(_positiveClass, _positive, _negativeClass, _negative));
    }

    /// <summary>
    /// Restores statistics from a snapshot (e.g. a shard's manifest), to merge more rows or snapshots into. Derived
    /// values in the snapshot are ignored and recomputed.
    /// </summary>
    /// <exception cref="InvalidDataException">The snapshot is internally inconsistent.</exception>
    public static ExportStatistics FromSnapshot(StatisticsSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Features.IsDefault || snapshot.Labels is null)
        {
            throw new InvalidDataException("The statistics snapshot has no features or no labels.");
        }

        LabelCounts labels = snapshot.Labels;
        if (string.IsNullOrWhiteSpace(labels.PositiveClass) || string.IsNullOrWhiteSpace(labels.NegativeClass) || labels.PositiveClass == labels.NegativeClass)
        {
            throw new InvalidDataException("The statistics snapshot's label counts do not name two distinct classes.");
        }

        if (labels.Positive < 0 || labels.Negative < 0 || snapshot.Rows != labels.Positive + labels.Negative)
        {
            throw new InvalidDataException(
                $"The statistics snapshot counts {snapshot.Rows} rows but {labels.Positive} {labels.PositiveClass} and {labels.Negative} {labels.NegativeClass} labels.");
        }

        var features = new FeatureAccumulator[snapshot.Features.Length];
        for (int i = 0; i < features.Length; i++)
        {
            FeatureStatistics? statistics = snapshot.Features[i] ?? throw new InvalidDataException($"Feature {i} of the statistics snapshot is null.");
            if (statistics.Count != snapshot.Rows)
            {
                throw new InvalidDataException($"Feature '{statistics.Name}' counts {statistics.Count} rows, the snapshot {snapshot.Rows}.");
            }

            features[i] = FeatureAccumulator.Restore(statistics);
        }

        return new ExportStatistics(features, labels);
    }
}
