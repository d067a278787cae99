namespace FeatureContracts.Serving;

/// <summary>How the <see cref="OnlineScorer"/> treats rows its contract lets through.</summary>
public sealed class ScorerOptions
{
    private ScorerMetrics? _metrics;

    /// <summary>The defaults: score every row the contract accepts.</summary>
    public static ScorerOptions Default { get; } = new();

    /// <summary>
    /// When <see langword="true"/>, a row with any cell whose value was beyond its feature's max age
    /// (<see cref="Rows.CellNotes.BeyondMaxAge"/>) is not scored, with a reason naming the feature, even where the
    /// contract's missing rule (an indicator, a fill) would let the row through. Default <see langword="false"/>:
    /// the contract decides.
    /// </summary>
    public bool FailClosedOnStaleFeatures { get; init; }

    /// <summary>
    /// A live monitor the scorer feeds with every row result it builds, accepted or rejected; <see langword="null"/>
    /// (the default) for none. It must watch the scorer's contract.
    /// </summary>
    public LiveMonitor? Monitor { get; init; }

    /// <summary>
    /// When <see langword="true"/>, an accepted row is not scored while <see cref="Monitor"/>'s verdict is
    /// <see cref="Monitoring.Verdict.Fail"/> (<see cref="NotScoredCode.MonitorFailing"/>, one reason per failing check).
    /// The row is observed first, so scoring resumes once the window recovers. Requires <see cref="Monitor"/>.
    /// </summary>
    public bool FailClosedWhenMonitorFails { get; init; }

    /// <summary>
    /// Where the scorer records every <see cref="OnlineScorer.ScoreAt"/> call (counts, reasons, durations, feature
    /// notes and freshness); <see langword="null"/> (the default) records nothing.
    /// </summary>
    public ScorerMetrics? Metrics { get => _metrics; init => _metrics = value; }

    /// <summary>A copy of these options, every option kept, with <see cref="Metrics"/> set to <paramref name="metrics"/>.</summary>
    public ScorerOptions WithMetrics(ScorerMetrics? metrics)
    {
        var copy = (ScorerOptions)MemberwiseClone();
        copy._metrics = metrics;
        return copy;
    }
}
