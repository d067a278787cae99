using System;
using FeatureContracts.Rows;

namespace FeatureContracts.Monitoring;

/// <summary>What the monitors count a cell, or a contract's rejection of a feature, as.</summary>
[Flags]
public enum CellHealth
{
    /// <summary>A known value, used as it was (or defaulted where the source declares what absence means).</summary>
    Healthy = 0,

    /// <summary>No value was known: missing, filled by the missing rule, beyond the max age, or rejected as missing.</summary>
    NoValue = 1,

    /// <summary>A category outside the vocabulary: mapped to the unseen bucket, or rejected as unseen.</summary>
    Unseen = 2,

    /// <summary>A number outside the allowed range: clamped, or rejected as out of range or not finite.</summary>
    OutOfRange = 4,
}

/// <summary>
/// The one rule by which cell notes and rejection codes become <see cref="CellHealth"/>: the monitors' rates
/// (<see cref="MonitorWindow"/>) and the scorer's live metrics both count by it, so they cannot disagree.
/// </summary>
public static class CellHealthRules
{
    /// <summary>The health of an accepted cell from its notes.</summary>
    /// <param name="notes">What the contract's policies did to the cell.</param>
    public static CellHealth Of(CellNotes notes)
        => ((notes & (CellNotes.Missing | CellNotes.Filled | CellNotes.BeyondMaxAge)) != 0 ? CellHealth.NoValue : CellHealth.Healthy)
            | ((notes & CellNotes.UnseenMapped) != 0 ? CellHealth.Unseen : CellHealth.Healthy)
            | ((notes & CellNotes.Clamped) != 0 ? CellHealth.OutOfRange : CellHealth.Healthy);

    /// <summary>The health a rejection of a feature stands for; <see cref="CellHealth.Healthy"/> for a code that says nothing of the value (e.g. lineage after T).</summary>
    /// <param name="code">The rejection's code.</param>
    public static CellHealth Of(RejectionCode code) => code switch
    {
        RejectionCode.MissingValue => CellHealth.NoValue,
        RejectionCode.UnseenCategory => CellHealth.Unseen,
        RejectionCode.OutOfRange or RejectionCode.NotFinite => CellHealth.OutOfRange,
        _ => CellHealth.Healthy,
    };
}
