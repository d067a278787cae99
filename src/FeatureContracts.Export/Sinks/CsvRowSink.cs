using System;
using System.IO;
using System.Text;
using FeatureContracts.Export.IO;
using FeatureContracts.Rows;

namespace FeatureContracts.Export.Sinks;

/// <summary>
/// Writes training rows as CSV (RFC 4180) through the row codec (<see cref="RowCodec.WriteCsvHeader"/>,
/// <see cref="RowCodec.WriteCsvRecord"/>): UTF-8 without a byte order mark, a header row of column names, comma
/// separators, CRLF after every record, a field quoted only when it must be. Every value is written as
/// <see cref="RowCodec"/> defines it: numbers in invariant round-trip form, booleans <c>true</c>/<c>false</c>, missing
/// indicators and the label <c>0</c>/<c>1</c>, <c>prediction_time</c> ISO-8601 UTC with <c>Z</c> at full precision,
/// a missing value an empty field.
/// </summary>
/// <remarks>
/// Rows are streamed through a 64 KiB buffer: memory does not grow with the number of rows. The same rows give the
/// same bytes. Not thread-safe.
/// </remarks>
public sealed class CsvRowSink : IRowSink
{
    /// <summary>The format's short name.</summary>
    public const string FormatName = "csv";

    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly SinkLifecycle _lifecycle;
    private StreamWriter? _writer;

    /// <summary>Creates a sink that writes to <paramref name="output"/>.</summary>
    /// <param name="output">A writable stream.</param>
    /// <param name="leaveOpen">
    /// Whether <see cref="Dispose"/> leaves <paramref name="output"/> open (the default: the caller opened it, the
    /// caller closes it); <see langword="false"/> hands the stream to the sink, which then disposes it.
    /// </param>
    public CsvRowSink(Stream output, bool leaveOpen = true)
    {
        Streams.RequireWritable(output, nameof(output));

        _output = output;
        _leaveOpen = leaveOpen;
        _lifecycle = new SinkLifecycle(this);
    }

    /// <inheritdoc />
    public string Format => FormatName;

    /// <inheritdoc />
    public void Begin(RowLayout layout)
    {
        _lifecycle.Begin(layout);
        _writer = new StreamWriter(_output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true);
        RowCodec.WriteCsvHeader(_writer, layout);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The row does not fit the layout; nothing is written.</exception>
    public void Write(FeatureRow row, bool label) => RowCodec.WriteCsvRecord(_writer!, _lifecycle.BeforeWrite(row), row, label);

    /// <summary>Flushes every row to the stream (and the stream itself); the stream stays open.</summary>
    public void Complete()
    {
        _lifecycle.BeforeComplete();
        _writer!.Flush();
        _output.Flush();
    }

    /// <summary>
    /// Releases the sink. Without <see cref="Complete"/> the output may be incomplete; the caller discards it.
    /// Disposes the stream only when the sink was created with <c>leaveOpen: false</c>.
    /// </summary>
    public void Dispose()
    {
        if (!_lifecycle.Dispose())
        {
            return;
        }

        _writer?.Dispose();
        if (!_leaveOpen)
        {
            _output.Dispose();
        }
    }
}
