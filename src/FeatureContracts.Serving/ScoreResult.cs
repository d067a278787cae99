using System;
using System.Collections.Immutable;
using FeatureContracts.Rows;
using NodaTime;

namespace FeatureContracts.Serving;

/// <summary>Why an entity was not scored.</summary>
public enum NotScoredCode
{
    /// <summary>The contract rejected the row (a missing value, a range, an unseen category, lineage after T).</summary>
    RowRejected,

    /// <summary>
    /// The entity is not known at the prediction instant: no event of the type that makes it known (the domain's
    /// <see cref="Domains.EntityLayout.KnownBy"/>, e.g. an order placement) is visible then.
    /// </summary>
    EntityNotKnown,

    /// <summary>The outcome is already known at the prediction instant: scoring it would be leakage.</summary>
    OutcomeAlreadyKnown,

    /// <summary>A feature's value was beyond its max age and the scorer fails closed on stale features.</summary>
    FeatureBeyondMaxAge,

    /// <summary>The model returned NaN or an infinity; no score is made up in its place.</summary>
    ScoreNotFinite,

    /// <summary>
    /// The live monitor's verdict is fail and the scorer fails closed when it is (one reason per failing check, naming the
    /// feature, the check and the action).
    /// </summary>
    MonitorFailing,
}

/// <summary>One reason an entity was not scored.</summary>
/// <param name="Code">The reason's kind.</param>
/// <param name="Feature">The feature concerned, or <see langword="null"/> for a reason of the whole row.</param>
/// <param name="Message">A sentence for people.</param>
public sealed record NotScoredReason(NotScoredCode Code, string? Feature, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Feature is null ? $"{Code}: {Message}" : $"'{Feature}': {Code}: {Message}";
}

/// <summary>
/// The outcome of scoring one entity at one instant: the score with the exact row it came from, the contract
/// fingerprint and the model's identity; or "not scored" with every reason. Never a made-up score.
/// </summary>
public sealed class ScoreResult
{
    private ScoreResult(
        string entityKey, RowResult rowResult, double? score, ImmutableArray<NotScoredReason> reasons, string contractFingerprint, string modelId)
    {
        EntityKey = entityKey;
        EntityId = rowResult.EntityId;
        PredictionInstant = rowResult.PredictionInstant;
        Score = score;
        RowResult = rowResult;
        Reasons = reasons;
        ContractFingerprint = contractFingerprint;
        ModelId = modelId;
    }

    /// <summary>The key field naming the domain's entities, e.g. <c>order_id</c> (the domain's <see cref="Domains.EntityLayout.Key"/>).</summary>
    public string EntityKey { get; }

    /// <summary>The entity scored, e.g. the order <c>O-204</c>.</summary>
    public string EntityId { get; }

    /// <summary>The prediction instant T.</summary>
    public Instant PredictionInstant { get; }

    /// <summary>Whether the entity was scored; then <see cref="Score"/> and <see cref="Row"/> are set and <see cref="Reasons"/> is empty.</summary>
    public bool IsScored => Score is not null;

    /// <summary>The model's score, when scored.</summary>
    public double? Score { get; }

    /// <summary>What the one transform returned: the row, or the contract's rejections.</summary>
    public RowResult RowResult { get; }

    /// <summary>
    /// The row the score came from. Also set when an accepted row was not scored (failing closed on a stale feature,
    /// a non-finite model output), so the caller can see why.
    /// </summary>
    public FeatureRow? Row => RowResult.Row;

    /// <summary>The contract's rejections of the row; empty when the row was accepted.</summary>
    public ImmutableArray<RowRejection> Rejections => RowResult.Rejections;

    /// <summary>Every reason the entity was not scored; empty when scored.</summary>
    public ImmutableArray<NotScoredReason> Reasons { get; }

    /// <summary>The fingerprint of the contract the row follows and the model was trained on.</summary>
    public string ContractFingerprint { get; }

    /// <summary>The model's identity.</summary>
    public string ModelId { get; }

    /// <summary>A scored result.</summary>
    internal static ScoreResult Scored(string entityKey, RowResult rowResult, double score, string contractFingerprint, string modelId)
        => new(entityKey, rowResult, score, ImmutableArray<NotScoredReason>.Empty, contractFingerprint, modelId);

    /// <summary>A result that was not scored, with at least one reason.</summary>
    internal static ScoreResult NotScored(string entityKey, RowResult rowResult, ImmutableArray<NotScoredReason> reasons, string contractFingerprint, string modelId)
    {
        if (reasons.IsDefaultOrEmpty)
        {
            throw new ArgumentException("A result that is not scored needs at least one reason.", nameof(reasons));
        }

        return new(entityKey, rowResult, null, reasons, contractFingerprint, modelId);
    }

    /// <inheritdoc />
    public override string ToString() => IsScored
        ? $"{EntityId}@{PredictionInstant}: {Score!.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} ({ModelId})"
        : $"{EntityId}@{PredictionInstant}: not scored ({string.Join("; ", Reasons)})";
}
