using System.Collections.Generic;
using System.Collections.Immutable;

namespace FeatureContracts.Sources;

/// <summary>How a value source found its value.</summary>
public enum ObservationState
{
    /// <summary>The value is there.</summary>
    Present,

    /// <summary>No value is known at the prediction instant.</summary>
    Missing,

    /// <summary>
    /// The field is absent from an event whose source declares what absence means; the contract decides
    /// whether that declaration is used as the value.
    /// </summary>
    AbsentByDeclaration,
}

/// <summary>What a value source read from a point-in-time view: a value or its absence, and the events it came from.</summary>
/// <typeparam name="T">The raw value's type: <see cref="double"/>, <see cref="string"/> or <see cref="bool"/>.</typeparam>
public readonly struct Observation<T>
{
    private Observation(ObservationState state, T value, ImmutableArray<LineageEntry> lineage)
    {
        State = state;
        Value = value;
        Lineage = lineage.IsDefault ? ImmutableArray<LineageEntry>.Empty : lineage;
    }

    /// <summary>Whether the value is present, missing, or absent by the source's declaration.</summary>
    public ObservationState State { get; }

    /// <summary>The value; meaningful only when <see cref="State"/> is <see cref="ObservationState.Present"/>.</summary>
    public T Value { get; }

    /// <summary>The events the value (or the declared absence) came from.</summary>
    public ImmutableArray<LineageEntry> Lineage { get; }

    /// <summary>A present value with the events it came from.</summary>
    public static Observation<T> Present(T value, params IEnumerable<LineageEntry> lineage)
        => new(ObservationState.Present, value, [.. lineage]);

    /// <summary>No value is known.</summary>
    public static Observation<T> Missing() => new(ObservationState.Missing, default!, ImmutableArray<LineageEntry>.Empty);

    /// <summary>The field is absent from the event it would come from, and the source declares what that means.</summary>
    public static Observation<T> AbsentByDeclaration(params IEnumerable<LineageEntry> lineage)
        => new(ObservationState.AbsentByDeclaration, default!, [.. lineage]);
}
