using System.Collections.Immutable;
using FeatureContracts.Contracts;
using FeatureContracts.Rows;
using NodaTime;

namespace FeatureContracts.Serving;

/// <summary>One line of a serving log, read back by <see cref="ServingLogReader"/>: what was known of one scoring result.</summary>
/// <param name="EntityId">The entity scored (written under the domain's entity key).</param>
/// <param name="PredictionInstant">The prediction instant T, at the log's full precision.</param>
/// <param name="Fingerprint">The fingerprint of the contract the row follows (the reader's transform's contract).</param>
/// <param name="ModelId">The model's identity.</param>
/// <param name="Score">The score, or <see langword="null"/> when not scored.</param>
/// <param name="HasRow">Whether the row was built (then <paramref name="Values"/>, <paramref name="Notes"/> and <paramref name="Freshness"/> are set).</param>
/// <param name="Values">The row's values in schema order (features, then each missing indicator as the number 1 or 0, as
/// <see cref="FeatureRow.ColumnValues"/> gives them); empty without a row.</param>
/// <param name="Notes">What the contract's policies did, one per contract feature in contract order; empty without a row.</param>
/// <param name="Freshness">Each feature's freshness lag (<see cref="FeatureCell.FreshnessLag"/>), one per contract feature in
/// contract order; empty without a row.</param>
/// <param name="Observed">Each feature's raw value where the contract's policies changed it (an unseen code before it was
/// mapped to the unseen bucket, a number before it was clamped: <see cref="FeatureCell.ObservedValue"/>), one per contract
/// feature in contract order, <see langword="null"/> where they did not; empty without a row.</param>
/// <param name="Rejections">The contract's rejections of the row; empty when it was built. The log holds no messages:
/// <see cref="RowRejection.Message"/> is a short sentence made from the code, the feature and the attempted value.</param>
/// <param name="Reasons">Every reason the entity was not scored; empty when scored. <see cref="NotScoredReason.Message"/> is a
/// short sentence made from the code and the feature.</param>
public sealed record ServingLogEntry(
    string EntityId,
    Instant PredictionInstant,
    string Fingerprint,
    string ModelId,
    double? Score,
    bool HasRow,
    ImmutableArray<FeatureValue> Values,
    ImmutableArray<CellNotes> Notes,
    ImmutableArray<Duration?> Freshness,
    ImmutableArray<string?> Observed,
    ImmutableArray<RowRejection> Rejections,
    ImmutableArray<NotScoredReason> Reasons)
{
    /// <summary>Whether the entity was scored (<see cref="Score"/> is set and <see cref="Reasons"/> is empty).</summary>
    public bool IsScored => Score is not null;
}

/// <summary>One line of a serving log as read: the entry, or why the line is unusable.</summary>
/// <param name="LineNumber">The line's number, from 1.</param>
/// <param name="Entry">The entry; <see langword="null"/> when the line is unusable.</param>
/// <param name="Error">
/// Why the line is unusable, naming the line, the property and the reason (e.g.
/// <c>line 3: property 'prediction_time': '2026-05-01T09:00:00' has no Z or offset, …</c>); <see langword="null"/> when read.
/// </param>
public sealed record ServingLogLine(long LineNumber, ServingLogEntry? Entry, string? Error);
