using System;
using System.Buffers;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using FeatureContracts.Contracts;
using FeatureContracts.Export.IO;
using FeatureContracts.Rows;
using NodaTime.Text;

namespace FeatureContracts.Export.Sinks;

/// <summary>
/// Writes training rows as JSON Lines: UTF-8 without a byte order mark, one object per row followed by <c>\n</c>,
/// properties in column order. Numbers are JSON numbers in shortest round-trip form, booleans JSON
/// <c>true</c>/<c>false</c>, missing indicators and the label the integers <c>0</c>/<c>1</c>,
/// <c>prediction_time</c> an ISO-8601 UTC string with <c>Z</c>. A missing value is <c>null</c>. Strings are escaped
/// minimally (quotes, backslashes and control characters; other characters are written as UTF-8).
/// </summary>
/// <remarks>
/// Each row is formatted into a reused buffer and written to the stream at once: memory does not grow with the
/// number of rows. The same rows give the same bytes. Not thread-safe.
/// </remarks>
public sealed class JsonLinesRowSink : IRowSink
{
    /// <summary>The format's short name.</summary>
    public const string FormatName = "jsonl";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly SinkLifecycle _lifecycle;
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private Utf8JsonWriter? _json;
    private JsonEncodedText[] _names = [];

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
    public void Begin(TrainingRowLayout layout)
    {
        _lifecycle.Begin(layout);
        _names = new JsonEncodedText[layout.Columns.Length];
        for (int i = 0; i < _names.Length; i++)
        {
            _names[i] = JsonEncodedText.Encode(layout.Columns[i].Name, WriterOptions.Encoder);
        }

        _json = new Utf8JsonWriter(_buffer, WriterOptions);
    }

    /// <inheritdoc />
    public void Write(FeatureRow row, bool label)
    {
        TrainingRowLayout layout = _lifecycle.BeforeWrite(row);
        Utf8JsonWriter json = _json!;
        _buffer.ResetWrittenCount();
        json.Reset(_buffer);
        json.WriteStartObject();
        for (int i = 0; i < layout.Columns.Length; i++)
        {
            TrainingColumn column = layout.Columns[i];
            JsonEncodedText name = _names[i];
            switch (column.Type)
            {
                case TrainingColumnType.EntityId:
                    json.WriteString(name, row.EntityId);
                    break;
                case TrainingColumnType.PredictionTime:
                    json.WriteString(name, InstantPattern.ExtendedIso.Format(row.PredictionInstant));
                    break;
                case TrainingColumnType.MissingIndicator:
                    json.WriteNumber(name, row.Cells[column.FeatureIndex].IsMissing ? 1 : 0);
                    break;
                case TrainingColumnType.Label:
                    json.WriteNumber(name, label ? 1 : 0);
                    break;
                default:
                    FeatureValue value = row.Cells[column.FeatureIndex].Value;
                    if (value.Number is { } x)
                    {
                        json.WriteNumber(name, x);
                    }
                    else if (value.Category is { } code)
                    {
                        json.WriteString(name, code);
                    }
                    else if (value.Boolean is { } flag)
                    {
                        json.WriteBoolean(name, flag);
                    }
                    else
                    {
                        json.WriteNull(name);
                    }

                    break;
            }
        }

        json.WriteEndObject();
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
