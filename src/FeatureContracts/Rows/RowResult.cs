using System;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using NodaTime;

namespace FeatureContracts.Rows;

/// <summary>
/// The outcome of building one row: the row, or every reason it was rejected. A rejection is a value, not an
/// exception; callers that want an exception call <see cref="GetRowOrThrow"/>.
/// </summary>
public sealed class RowResult
{
    private RowResult(string entityId, Instant predictionInstant, FeatureRow? row, ImmutableArray<RowRejection> rejections)
    {
        EntityId = entityId;
        PredictionInstant = predictionInstant;
        Row = row;
        Rejections = rejections;
    }

    /// <summary>The entity the row is for.</summary>
    public string EntityId { get; }

    /// <summary>The prediction instant.</summary>
    public Instant PredictionInstant { get; }

    /// <summary>The row, when accepted.</summary>
    public FeatureRow? Row { get; }

    /// <summary>Every reason the row was rejected; empty when accepted.</summary>
    public ImmutableArray<RowRejection> Rejections { get; }

    /// <summary>Whether the row was built.</summary>
    [MemberNotNullWhen(true, nameof(Row))]
    public bool IsAccepted => Row is not null;

    /// <summary>An accepted row.</summary>
    public static RowResult Accepted(FeatureRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new RowResult(row.EntityId, row.PredictionInstant, row, ImmutableArray<RowRejection>.Empty);
    }

    /// <summary>A rejected row, with at least one reason.</summary>
    public static RowResult Rejected(string entityId, Instant predictionInstant, ImmutableArray<RowRejection> rejections)
    {
        if (rejections.IsDefaultOrEmpty)
        {
            throw new ArgumentException("A rejection needs at least one reason.", nameof(rejections));
        }

        return new RowResult(entityId, predictionInstant, null, rejections);
    }

    /// <summary>The row, or a <see cref="RowRejectedException"/> listing every reason.</summary>
    public FeatureRow GetRowOrThrow() => Row ?? throw new RowRejectedException(EntityId, Rejections);

    /// <inheritdoc />
    public override string ToString() => IsAccepted ? Row.ToString() : $"{EntityId}@{PredictionInstant}: rejected ({string.Join("; ", Rejections)})";
}
