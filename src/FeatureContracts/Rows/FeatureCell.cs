using System;
using System.Collections.Immutable;
using System.Linq;
using FeatureContracts.Contracts;
using FeatureContracts.Sources;
using NodaTime;

namespace FeatureContracts.Rows;

/// <summary>What a contract's policies did to a cell's raw value.</summary>
[Flags]
public enum CellNotes
{
    /// <summary>The value was observed and used as it was.</summary>
    None = 0,

    /// <summary>The value is missing (see the feature's indicator column).</summary>
    Missing = 1,

    /// <summary>No value was known and the declared fill value was used.</summary>
    Filled = 2,

    /// <summary>The field was absent where the source declares what absence means, and that default was used.</summary>
    DefaultedByDeclaredAbsence = 4,

    /// <summary>The value lay outside the allowed range and was clamped.</summary>
    Clamped = 8,

    /// <summary>The category was outside the vocabulary and was mapped to the unseen bucket.</summary>
    UnseenMapped = 16,

    /// <summary>A value existed but was older than the feature's max age, so it counted as missing.</summary>
    BeyondMaxAge = 32,
}

/// <summary>One feature's value in a row, with what the policies did to it and the events it came from.</summary>
public sealed class FeatureCell : IEquatable<FeatureCell>
{
    internal FeatureCell(
        string feature, FeatureValue value, CellNotes notes, string? observedValue, ImmutableArray<LineageEntry> lineage, Duration? freshnessLag)
    {
        if (value.IsDefault)
        {
            // Every cell of a row goes through here, however the row was made.
            throw new ArgumentException($"Feature '{feature}': default(FeatureValue) is no value and cannot be a cell's value.", nameof(value));
        }

        Feature = feature;
        Value = value;
        Notes = notes;
        ObservedValue = observedValue;
        Lineage = lineage;
        FreshnessLag = freshnessLag;
    }

    /// <summary>The feature's name.</summary>
    public string Feature { get; }

    /// <summary>The value after the contract's policies; may be missing.</summary>
    public FeatureValue Value { get; }

    /// <summary>What the policies did.</summary>
    public CellNotes Notes { get; }

    /// <summary>The raw value before the policies changed it (an unseen code, an unclamped number), when they did.</summary>
    public string? ObservedValue { get; }

    /// <summary>The events the value came from.</summary>
    public ImmutableArray<LineageEntry> Lineage { get; }

    /// <summary>
    /// T − occurred_at of the event the value came from (the first lineage entry, see <see cref="Observation{T}.ValueFrom"/>);
    /// <see langword="null"/> without lineage.
    /// </summary>
    public Duration? FreshnessLag { get; }

    /// <summary>Whether the value is missing.</summary>
    public bool IsMissing => Value.IsMissing;

    /// <inheritdoc />
    public bool Equals(FeatureCell? other)
        => other is not null
            && string.Equals(Feature, other.Feature, StringComparison.Ordinal)
            && Value == other.Value
            && Notes == other.Notes
            && string.Equals(ObservedValue, other.ObservedValue, StringComparison.Ordinal)
            && Lineage.SequenceEqual(other.Lineage)
            && FreshnessLag == other.FreshnessLag;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as FeatureCell);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Feature, Value, Notes);

    /// <inheritdoc />
    public override string ToString() => $"{Feature}={Value}" + (Notes == CellNotes.None ? string.Empty : $" ({Notes})");
}
