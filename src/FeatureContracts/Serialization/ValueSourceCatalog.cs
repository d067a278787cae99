using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using FeatureContracts.Sources;

namespace FeatureContracts.Serialization;

/// <summary>
/// The value sources a contract file may name, looked up by <see cref="ValueSource.Name"/>. A contract file holds
/// only a source's name; its code and the input fields it reads come from the catalog the file is read with.
/// Immutable and thread-safe.
/// </summary>
/// <typeparam name="TView">The point-in-time view every source of the catalog reads.</typeparam>
public sealed class ValueSourceCatalog<TView>
    where TView : IPointInTimeView
{
    private readonly Dictionary<string, ValueSource> _byName = new(StringComparer.Ordinal);

    /// <summary>Creates a catalog of <paramref name="sources"/>, in the given order.</summary>
    /// <param name="sources">
    /// Sources created by <see cref="ValueSource.Numeric{TView}"/>, <see cref="ValueSource.Categorical{TView}"/> or
    /// <see cref="ValueSource.Boolean{TView}"/> over <typeparamref name="TView"/>.
    /// </param>
    /// <exception cref="ArgumentException">
    /// A source is <see langword="null"/>, reads another view type, or shares its name with another source.
    /// </exception>
    public ValueSourceCatalog(params IEnumerable<ValueSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var ordered = ImmutableArray.CreateBuilder<ValueSource>();
        foreach (ValueSource? source in sources)
        {
            if (source is null)
            {
                throw new ArgumentException("A value source catalog cannot hold null.", nameof(sources));
            }

            if (source is not (ValueSource<TView, double> or ValueSource<TView, string> or ValueSource<TView, bool>))
            {
                throw new ArgumentException($"Value source '{source.Name}' does not read views of type {typeof(TView).Name}.", nameof(sources));
            }

            if (!_byName.TryAdd(source.Name, source))
            {
                throw new ArgumentException($"Two value sources are named '{source.Name}'; a catalog looks sources up by name.", nameof(sources));
            }

            ordered.Add(source);
        }

        Sources = ordered.ToImmutable();
    }

    /// <summary>The sources, in the order the catalog was created with.</summary>
    public ImmutableArray<ValueSource> Sources { get; }

    /// <summary>Finds the source named <paramref name="name"/> (ordinal comparison).</summary>
    /// <param name="name">The source's name.</param>
    /// <param name="source">The source, when found.</param>
    /// <returns>Whether the catalog holds a source of that name.</returns>
    public bool TryGet(string name, [NotNullWhen(true)] out ValueSource? source)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.TryGetValue(name, out source);
    }
}
