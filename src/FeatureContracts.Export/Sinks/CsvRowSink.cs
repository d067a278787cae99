using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.Text;
using FeatureContracts.Contracts;
using FeatureContracts.Export.IO;
using FeatureContracts.Rows;
using NodaTime.Text;

namespace FeatureContracts.Export.Sinks;

/// <summary>
/// Writes training rows as CSV (RFC 4180): UTF-8 without a byte order mark, a header row of column names, comma
/// separators, CRLF after every record. A field containing a comma, a double quote, CR or LF is enclosed in double
/// quotes with its quotes doubled. Numbers are written in invariant round-trip form (<c>R</c>), booleans as
/// <c>true</c>/<c>false</c>, missing indicators and the label as <c>0</c>/<c>1</c>, <c>prediction_time</c> as
/// ISO-8601 UTC with <c>Z</c> (NodaTime's extended ISO pattern: fractional seconds only when present). A missing
/// value is an empty field; a present empty string (which no contract produces) would be written as <c>""</c>.
/// </summary>
/// <remarks>
/// Rows are streamed through a 64 KiB buffer: memory does not grow with the number of rows. The same rows give the
/// same bytes. Not thread-safe.
/// </remarks>
public sealed class CsvRowSink : IRowSink
{
    /// <summary>The format's short name.</summary>
    public const string FormatName = "csv";

    private static readonly SearchValues<char> NeedsQuoting = SearchValues.Create(",\"\r\n");
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
    public void Begin(TrainingRowLayout layout)
    {
        _lifecycle.Begin(layout);
        _writer = new StreamWriter(_output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true);
        for (int i = 0; i < layout.Columns.Length; i++)
        {
            if (i > 0)
            {
                _writer.Write(',');
            }

            WriteText(_writer, layout.Columns[i].Name);
        }

        _writer.Write("\r\n");
    }

    /// <inheritdoc />
    public void Write(FeatureRow row, bool label)
    {
        TrainingRowLayout layout = _lifecycle.BeforeWrite(row);
        StreamWriter writer = _writer!;
        Span<char> number = stackalloc char[32];
        for (int i = 0; i < layout.Columns.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            TrainingColumn column = layout.Columns[i];
            switch (column.Type)
            {
                case TrainingColumnType.EntityId:
                    WriteText(writer, row.EntityId);
                    break;
                case TrainingColumnType.PredictionTime:
                    writer.Write(InstantPattern.ExtendedIso.Format(row.PredictionInstant));
                    break;
                case TrainingColumnType.MissingIndicator:
                    writer.Write(row.Cells[column.FeatureIndex].IsMissing ? '1' : '0');
                    break;
                case TrainingColumnType.Label:
                    writer.Write(label ? '1' : '0');
                    break;
                default:
                    FeatureValue value = row.Cells[column.FeatureIndex].Value;
                    if (value.Number is { } x)
                    {
                        x.TryFormat(number, out int written, "R", CultureInfo.InvariantCulture);
                        writer.Write(number[..written]);
                    }
                    else if (value.Category is { } code)
                    {
                        WriteText(writer, code);
                    }
                    else if (value.Boolean is { } flag)
                    {
                        writer.Write(flag ? "true" : "false");
                    }

                    // Missing: an empty field.
                    break;
            }
        }

        writer.Write("\r\n");
    }

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

    private static void WriteText(TextWriter writer, string text)
    {
        if (text.Length == 0)
        {
            writer.Write("\"\"");
        }
        else if (text.AsSpan().IndexOfAny(NeedsQuoting) < 0)
        {
            writer.Write(text);
        }
        else
        {
            writer.Write('"');
            writer.Write(text.Replace("\"", "\"\"", StringComparison.Ordinal));
            writer.Write('"');
        }
    }
}
