using System;
using System.Collections.Immutable;
using System.Linq;

namespace FeatureContracts.Rows;

/// <summary>Why a row was not built.</summary>
public enum RejectionCode
{
    /// <summary>A feature whose missing rule rejects the row had no value.</summary>
    MissingValue,

    /// <summary>A numeric value lay outside a range whose policy rejects.</summary>
    OutOfRange,

    /// <summary>A numeric value was NaN or infinite.</summary>
    NotFinite,

    /// <summary>A category outside the vocabulary, under a policy that rejects unseen codes.</summary>
    UnseenCategory,

    /// <summary>The prediction instant is at or after the moment the outcome became known: leakage.</summary>
    OutcomeAlreadyKnown,

    /// <summary>A value's lineage reaches past the prediction instant: leakage, refused.</summary>
    LineageAfterPredictionInstant,

    /// <summary>The entity is not known at the prediction instant (for example, no visible order).</summary>
    EntityNotKnown,
}

/// <summary>A reason a row was not built: the feature, the rule, and the value that broke it.</summary>
/// <param name="Feature">The feature concerned, or <see langword="null"/> for a reason of the whole row.</param>
/// <param name="Code">The rule that was broken.</param>
/// <param name="AttemptedValue">The value that broke it, in invariant form, where there was one.</param>
/// <param name="Message">A sentence for people.</param>
public sealed record RowRejection(string? Feature, RejectionCode Code, string? AttemptedValue, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Feature is null ? $"{Code}: {Message}" : $"'{Feature}': {Code}: {Message}";
}

/// <summary>Thrown by <see cref="RowResult.GetRowOrThrow"/> when the row was rejected.</summary>
public sealed class RowRejectedException : Exception
{
    /// <summary>Creates the exception for a rejected row.</summary>
    public RowRejectedException(string entityId, ImmutableArray<RowRejection> rejections)
        : base($"The row for '{entityId}' was rejected: " + string.Join("; ", rejections.Select(r => r.ToString())))
    {
        EntityId = entityId;
        Rejections = rejections;
    }

    /// <summary>Creates the exception without details.</summary>
    public RowRejectedException()
        : this("(unknown)", ImmutableArray<RowRejection>.Empty)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RowRejectedException(string message)
        : base(message)
    {
        EntityId = "(unknown)";
        Rejections = ImmutableArray<RowRejection>.Empty;
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public RowRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
        EntityId = "(unknown)";
        Rejections = ImmutableArray<RowRejection>.Empty;
    }

    /// <summary>The entity whose row was rejected.</summary>
    public string EntityId { get; }

    /// <summary>Every reason.</summary>
    public ImmutableArray<RowRejection> Rejections { get; }
}
