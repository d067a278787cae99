using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using FeatureContracts.Contracts;

namespace FeatureContracts.Sources;

/// <summary>
/// Where a feature's raw value comes from: a named function over a point-in-time view, with the source fields
/// it reads declared so the leakage gate can check them when the contract is built.
/// </summary>
public abstract class ValueSource
{
    private protected ValueSource(string name, IEnumerable<InputField> inputs, FeatureKind kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(inputs);
        Name = name;
        Inputs = [.. inputs];
        Kind = kind;
    }

    /// <summary>The source's stable name; contracts refer to it by this name.</summary>
    public string Name { get; }

    /// <summary>The source fields this source reads.</summary>
    public ImmutableArray<InputField> Inputs { get; }

    /// <summary>The kind of value the source yields.</summary>
    public FeatureKind Kind { get; }

    /// <summary>Creates a source of numeric values.</summary>
    public static ValueSource<TView, double> Numeric<TView>(string name, IEnumerable<InputField> inputs, Func<TView, Observation<double>> read)
        where TView : IPointInTimeView
        => new(name, inputs, FeatureKind.Numeric, read);

    /// <summary>Creates a source of category codes.</summary>
    public static ValueSource<TView, string> Categorical<TView>(string name, IEnumerable<InputField> inputs, Func<TView, Observation<string>> read)
        where TView : IPointInTimeView
        => new(name, inputs, FeatureKind.Categorical, read);

    /// <summary>Creates a source of boolean values.</summary>
    public static ValueSource<TView, bool> Boolean<TView>(string name, IEnumerable<InputField> inputs, Func<TView, Observation<bool>> read)
        where TView : IPointInTimeView
        => new(name, inputs, FeatureKind.Boolean, read);
}

/// <summary>A value source over views of type <typeparamref name="TView"/> yielding values of type <typeparamref name="T"/>.</summary>
/// <typeparam name="TView">The point-in-time view the source reads; it holds only what was visible at the prediction instant.</typeparam>
/// <typeparam name="T">The raw value's type.</typeparam>
public sealed class ValueSource<TView, T> : ValueSource
    where TView : IPointInTimeView
{
    private readonly Func<TView, Observation<T>> _read;

    internal ValueSource(string name, IEnumerable<InputField> inputs, FeatureKind kind, Func<TView, Observation<T>> read)
        : base(name, inputs, kind)
    {
        ArgumentNullException.ThrowIfNull(read);
        _read = read;
    }

    /// <summary>Reads the raw value from a point-in-time view.</summary>
    public Observation<T> Read(TView view) => _read(view);
}
