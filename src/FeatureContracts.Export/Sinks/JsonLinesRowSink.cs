using System;
using System.Buffers;
using System.IO;
using System.Text.Json;
using FeatureContracts.Export.IO;
using FeatureContracts.Rows;

namespace FeatureContracts.Export.Sinks;

/// <summary>
/// Writes training rows as JSON Lines through the row codec (<see cref="RowCodec.WriteJsonRow"/> with
/// <see cref="RowCodec.JsonOptions"/>): UTF-8 without a byte order mark, one object per row followed by <c>\n</c>,
/// properties in column order. Every value is written as <see cref="RowCodec"/> defines it: numbers JSON numbers in
/// shortest round-trip form, booleans JSON <c>true</c>/<c>false</c>, missing indicators and the label the integers
/// <c>0</c>/<c>1</c>, <c>prediction_time</c> an ISO-8601 UTC string with <c>Z</c> at full precision, a missing value
/// <c>null</c>; strings escaped minimally.
/// </summary>
/// <remarks>
/// Each row is formatted into a reused buffer and written to the stream at once: memory does not grow with the
/// number of rows. The same rows give the same bytes. Not thread-safe.
/// </remarks>
public sealed class JsonLinesRowSink : IRowSink
{
    /// <summary>The format's short name.</summary>
    public const string FormatName = "jsonl";

    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly SinkLifecycle _lifecycle;
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private Utf8JsonWriter? _json;

    /// <summary>Creates a sink that writes to <paramref name="output"/>.</summary>
    /// <param name="output">A writable stream.</param>
    /// <param name="leaveOpen">
    /// Whether <see cref="Dispose"/> leaves <paramref name="output"/> open (the default: the caller opened it, the
    /// caller closes it); <see langword="false"/> hands the stream to the sink, which then disposes it.
    /// </param>
    public JsonLinesRowSink(Stream output, bool leaveOpen = true)
    {
        Streams.RequireWritable(output, nameof(output));

        _output = output;
        _leaveOpen = leaveOpen;
        _lifecycle = new SinkLifecycle(this);
    }

    /// <inheritdoc />
    public string Format => FormatName;

    /// <summary>Starts the output; JSON Lines has no header, so nothing is written yet.</summary>
    public void Begin(RowLayout layout)
    {
        _lifecycle.Begin(layout);
        _json = new Utf8JsonWriter(_buffer, RowCodec.JsonOptions);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The row does not fit the layout; nothing is written.</exception>
    public void Write(FeatureRow row, bool label)
    {
        RowLayout layout = _lifecycle.BeforeWrite(row);
        Utf8JsonWriter json = _json!;
        _buffer.ResetWrittenCount();
        json.Reset(_buffer);
        RowCodec.WriteJsonRow(json, layout, row, label);
        json.Flush();
        _buffer.GetSpan(1)[0] = (byte)'\n';
        _buffer.Advance(1);
        _output.Write(_buffer.WrittenSpan);
    }

    /// <summary>Flushes the stream; it stays open.</summary>
    public void Complete()
    {
        _lifecycle.BeforeComplete();
        _output.Flush();
    }

    /// <summary>
    /// Releases the sink. Every written row has already reached the stream. Disposes the stream only when the
    /// sink was created with <c>leaveOpen: false</c>.
    /// </summary>
    public void Dispose()
    {
        if (!_lifecycle.Dispose())
        {
            return;
        }

        _json?.Dispose();
        if (!_leaveOpen)
        {
            _output.Dispose();
        }
    }
}
