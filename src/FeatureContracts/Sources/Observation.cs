using System;
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

/// <summary>
/// What a value source read from a point-in-time view: a value or its absence, and the events it came from.
/// </summary>
/// <remarks>
/// The first lineage entry is the event the value came from (<see cref="ValueFrom"/>): a feature's max age and its
/// freshness lag are measured from that event alone. Any further entries are context the source also read (the order
/// that names a warehouse, the events of a window); the leakage gate checks every entry, but a fresh context event
/// never makes a stale value young. Name the value's event explicitly with
/// <see cref="Present(T, LineageEntry, IEnumerable{LineageEntry})"/>.
/// </remarks>
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

    /// <summary>
    /// The events the value (or the declared absence) came from: first the event the value came from, then any
    /// context the source also read.
    /// </summary>
    public ImmutableArray<LineageEntry> Lineage { get; }

    /// <summary>
    /// The event the value (or the declared absence) came from, the first lineage entry: max age and freshness lag are
    /// measured from its <c>occurred_at</c>. <see langword="null"/> without lineage.
    /// </summary>
    public LineageEntry? ValueFrom => Lineage.IsEmpty ? null : Lineage[0];

    /// <summary>
    /// A present value with its lineage. The first entry is the event the value came from (max age and freshness lag
    /// are measured from it); the others are context, checked by the leakage gate only.
    /// </summary>
    public static Observation<T> Present(T value, params IEnumerable<LineageEntry> lineage)
        => new(ObservationState.Present, value, [.. lineage]);

    /// <summary>
    /// A present value that came from <paramref name="valueFrom"/> (max age and freshness lag are measured from it),
    /// read with the help of <paramref name="context"/> events (checked by the leakage gate only).
    /// </summary>
    /// <param name="value">The value.</param>
    /// <param name="valueFrom">The event the value came from, e.g. the as-of backlog measurement.</param>
    /// <param name="context">Other events the source read, e.g. the order naming the warehouse.</param>
    public static Observation<T> Present(T value, LineageEntry valueFrom, params IEnumerable<LineageEntry> context)
        => new(ObservationState.Present, value, WithValueFrom(valueFrom, context));

    /// <summary>No value is known.</summary>
    public static Observation<T> Missing() => new(ObservationState.Missing, default!, ImmutableArray<LineageEntry>.Empty);

    /// <summary>
    /// The field is absent from the event it would come from, and the source declares what that means. The first
    /// lineage entry is that event; the others are context.
    /// </summary>
    public static Observation<T> AbsentByDeclaration(params IEnumerable<LineageEntry> lineage)
        => new(ObservationState.AbsentByDeclaration, default!, [.. lineage]);

    /// <summary>
    /// The field is absent from <paramref name="valueFrom"/>, and the source declares what that means; the declared
    /// value's age is that event's. <paramref name="context"/> lists other events the source read.
    /// </summary>
    /// <param name="valueFrom">The event whose field is absent.</param>
    /// <param name="context">Other events the source read.</param>
    public static Observation<T> AbsentByDeclaration(LineageEntry valueFrom, params IEnumerable<LineageEntry> context)
        => new(ObservationState.AbsentByDeclaration, default!, WithValueFrom(valueFrom, context));

    private static ImmutableArray<LineageEntry> WithValueFrom(LineageEntry valueFrom, IEnumerable<LineageEntry> context)
    {
        ArgumentNullException.ThrowIfNull(valueFrom);
        ArgumentNullException.ThrowIfNull(context);
        return [valueFrom, .. context];
    }
}
