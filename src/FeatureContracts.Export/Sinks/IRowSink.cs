using System;
using FeatureContracts.Rows;

namespace FeatureContracts.Export.Sinks;

/// <summary>
/// Writes labelled training rows in one file format, in the columns of a <see cref="RowLayout"/> (the exporter begins
/// it with <see cref="RowLayout.For(Domains.Transform)"/>): the entity id (named by the domain's entity key, e.g.
/// <c>order_id</c>), <c>prediction_time</c>, each feature by its name, each missing indicator, <c>label</c>. Values are
/// written as <see cref="RowCodec"/> defines them; a missing value is null (an empty CSV field, a JSON <c>null</c>, a
/// Parquet null), never 0 or NaN. A sink writes to a stream it is given; making the file appear atomically is the
/// caller's business.
/// </summary>
public interface IRowSink : IDisposable
{
    /// <summary>The format's short name, e.g. <c>csv</c>.</summary>
    string Format { get; }

    /// <summary>Starts the output for rows in <paramref name="layout"/> (writes a header or schema).</summary>
    void Begin(RowLayout layout);

    /// <summary>Writes one row with its label (true = the domain's positive class, e.g. late).</summary>
    void Write(FeatureRow row, bool label);

    /// <summary>Finishes the output and flushes it; no row may be written after.</summary>
    void Complete();
}
