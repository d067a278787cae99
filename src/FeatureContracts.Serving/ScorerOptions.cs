namespace FeatureContracts.Serving;

/// <summary>How the <see cref="OnlineScorer"/> treats rows its contract lets through.</summary>
public sealed class ScorerOptions
{
    /// <summary>The defaults: score every row the contract accepts.</summary>
    public static ScorerOptions Default { get; } = new();

    /// <summary>
    /// When <see langword="true"/>, a row with any cell whose value was beyond its feature's max age
    /// (<see cref="Rows.CellNotes.BeyondMaxAge"/>) is not scored, with a reason naming the feature, even where the
    /// contract's missing rule (an indicator, a fill) would let the row through. Default <see langword="false"/>:
    /// the contract decides.
    /// </summary>
    public bool FailClosedOnStaleFeatures { get; init; }
}
