using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;

namespace FeatureContracts.Export.Sinks;

/// <summary>Creates a sink of one format over a stream.</summary>
/// <param name="output">The writable stream the rows go to.</param>
/// <param name="leaveOpen">Whether disposing the sink leaves <paramref name="output"/> open.</param>
public delegate IRowSink RowSinkFactory(Stream output, bool leaveOpen);

/// <summary>
/// An immutable map from format names (e.g. <c>csv</c>) to sink factories. <see cref="Default"/> knows the formats
/// of this package, <c>csv</c> and <c>jsonl</c>; a format from another package (Parquet) is added with
/// <see cref="With"/>, which returns a new registry, so nothing global ever changes.
/// </summary>
public sealed class RowSinkRegistry
{
    private readonly ImmutableSortedDictionary<string, RowSinkFactory> _factories;

    private RowSinkRegistry(ImmutableSortedDictionary<string, RowSinkFactory> factories) => _factories = factories;

    /// <summary>The registry of the built-in formats: <c>csv</c> and <c>jsonl</c>.</summary>
    public static RowSinkRegistry Default { get; } = new RowSinkRegistry(ImmutableSortedDictionary.Create<string, RowSinkFactory>(StringComparer.Ordinal))
        .With(CsvRowSink.FormatName, (output, leaveOpen) => new CsvRowSink(output, leaveOpen))
        .With(JsonLinesRowSink.FormatName, (output, leaveOpen) => new JsonLinesRowSink(output, leaveOpen));

    /// <summary>The known format names, in ordinal order.</summary>
    public IReadOnlyList<string> Formats => [.. _factories.Keys];

    /// <summary>Whether <paramref name="format"/> is known (names are lower case and compare ordinally).</summary>
    public bool Contains(string format) => format is not null && _factories.ContainsKey(format);

    /// <summary>Returns a registry that also knows <paramref name="format"/>, replacing any factory it had for it.</summary>
    /// <param name="format">A lower-case format name, e.g. <c>parquet</c>.</param>
    /// <param name="factory">Creates the format's sink.</param>
    public RowSinkRegistry With(string format, RowSinkFactory factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(format);
        ArgumentNullException.ThrowIfNull(factory);
        if (!format.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-'))
        {
            throw new ArgumentException($"Format name '{format}' must be lower case (a-z, 0-9, '_', '-').", nameof(format));
        }

        return new RowSinkRegistry(_factories.SetItem(format, factory));
    }

    /// <summary>Creates the sink of <paramref name="format"/> over <paramref name="output"/>.</summary>
    /// <param name="format">A known format name.</param>
    /// <param name="output">The writable stream the rows go to.</param>
    /// <param name="leaveOpen">Whether disposing the sink leaves <paramref name="output"/> open; by default it does.</param>
    /// <exception cref="ArgumentException">The format is unknown; the message lists the known ones.</exception>
    public IRowSink Create(string format, Stream output, bool leaveOpen = true)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(output);
        if (!_factories.TryGetValue(format, out RowSinkFactory? factory))
        {
            throw new ArgumentException($"Unknown output format '{format}'; known formats: {string.Join(", ", _factories.Keys)}.", nameof(format));
        }

        return factory(output, leaveOpen);
    }
}

/// <summary>Creates the sinks of the built-in formats.</summary>
public static class RowSinks
{
    /// <summary>
    /// Creates the sink of <paramref name="format"/> (<c>csv</c> or <c>jsonl</c>) over <paramref name="output"/>,
    /// leaving the stream open when the sink is disposed. For other formats use a <see cref="RowSinkRegistry"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The format is unknown.</exception>
    public static IRowSink Create(string format, Stream output) => RowSinkRegistry.Default.Create(format, output);
}
