using System;
using System.Buffers;
using System.IO;
using System.Text.Json;
using System.Threading;
using FeatureContracts.Rows;

namespace FeatureContracts.Serving;

/// <summary>
/// Writes every scoring result, scored or not, as JSON Lines for monitoring and for the parity checks run against the
/// training export: UTF-8 without a byte order mark, one object per result followed by <c>\n</c>, with these
/// properties in this order:
/// <list type="number">
/// <item>the entity id under the domain's entity key (<see cref="ScoreResult.EntityKey"/>: <c>order_id</c> for
/// shipments, as the training export's entity-id column is named);</item>
/// <item><c>prediction_time</c>: ISO-8601 UTC with <c>Z</c> at full precision;</item>
/// <item><c>fingerprint</c> and <c>model_id</c>: strings;</item>
/// <item><c>score</c>: a number, or <c>null</c> when the entity was not scored;</item>
/// <item>when the row was built (<see cref="ScoreResult.Row"/> is set; also for an accepted row that was not scored):
/// <c>values</c>, an object of every row column in schema order (features, then missing indicators as 1 or 0);
/// <c>notes</c>, an object with, for each feature whose <see cref="CellNotes"/> are not <see cref="CellNotes.None"/>
/// in contract order, the feature's name and the array of the snake_case names of its notes (e.g.
/// <c>"origin_backlog":["missing","beyond_max_age"]</c>); <c>freshness</c>, an object with, for each feature with
/// a <see cref="FeatureCell.FreshnessLag"/> in contract order, the feature's name and the lag as a duration
/// (e.g. <c>"origin_backlog":"PT1H30M"</c>); and <c>observed</c>, an object with, for each feature whose policies
/// changed its raw value (<see cref="FeatureCell.ObservedValue"/>: an unseen code, an unclamped number) in contract
/// order, the feature's name and that raw value's text (e.g. <c>"carrier":"zipzap"</c>);</item>
/// <item>when the contract rejected the row: <c>rejections</c>, an array of objects <c>feature</c> (a name or
/// <c>null</c>), <c>code</c> (the snake_case <see cref="RejectionCode"/>) and <c>attempted_value</c> (text or
/// <c>null</c>);</item>
/// <item>when not scored: <c>not_scored</c>, an array of objects <c>code</c> (the snake_case
/// <see cref="NotScoredCode"/>) and <c>feature</c> (a name or <c>null</c>).</item>
/// </list>
/// Messages are not written: they are for people, and the codes are the contract. Everything is written by the row
/// codec the training export's JSON Lines rows are written by (<see cref="RowCodec.JsonOptions"/>,
/// <see cref="RowCodec.FormatInstant"/>, <see cref="RowCodec.WriteJsonColumnValues"/>, <see cref="RowCodec.FormatCode"/>,
/// <see cref="RowCodec.WriteJsonFlags"/>, <see cref="RowCodec.FormatDuration"/>): numbers in shortest round-trip form,
/// booleans <c>true</c>/<c>false</c>, a missing value <c>null</c>. <see cref="ServingLogReader"/> reads the lines back.
/// </summary>
public sealed class ServingLogWriter : IDisposable
{
    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly Lock _gate = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _json;
    private bool _disposed;

    /// <summary>Creates a writer over <paramref name="output"/>.</summary>
    /// <param name="output">A writable stream.</param>
    /// <param name="leaveOpen">Whether <see cref="Dispose"/> leaves the stream open (the default).</param>
    public ServingLogWriter(Stream output, bool leaveOpen = true)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!output.CanWrite)
        {
            throw new ArgumentException("The output stream is not writable.", nameof(output));
        }

        _output = output;
        _leaveOpen = leaveOpen;
        _json = new Utf8JsonWriter(_buffer, RowCodec.JsonOptions);
    }

    /// <summary>Writes one result, scored or not, as one line.</summary>
    /// <exception cref="ArgumentException">The result's entity key is the name of another property of the line.</exception>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    public void Write(ScoreResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (IsReservedName(result.EntityKey))
        {
            throw new ArgumentException(
                $"The domain's entity key '{result.EntityKey}' is also a property of every serving log line; a line cannot hold both.", nameof(result));
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _buffer.ResetWrittenCount();
            _json.Reset(_buffer);
            WriteLine(_json, result);
            _json.Flush();
            _buffer.GetSpan(1)[0] = (byte)'\n';
            _buffer.Advance(1);
            _output.Write(_buffer.WrittenSpan);
        }
    }

    /// <summary>Whether <paramref name="name"/> is the name of a property every line may hold besides the entity key.</summary>
    internal static bool IsReservedName(string name)
        => name is "prediction_time" or "fingerprint" or "model_id" or "score" or "values" or "notes" or "freshness" or "observed" or "rejections" or "not_scored";

    private static void WriteLine(Utf8JsonWriter json, ScoreResult result)
    {
        json.WriteStartObject();
        json.WriteString(result.EntityKey, result.EntityId);
        json.WriteString("prediction_time"u8, RowCodec.FormatInstant(result.PredictionInstant));
        json.WriteString("fingerprint"u8, result.ContractFingerprint);
        json.WriteString("model_id"u8, result.ModelId);
        if (result.Score is { } score)
        {
            json.WriteNumber("score"u8, score);
        }
        else
        {
            json.WriteNull("score"u8);
        }

        if (result.Row is { } row)
        {
            json.WriteStartObject("values"u8);
            RowCodec.WriteJsonColumnValues(json, row);
            json.WriteEndObject();
            json.WriteStartObject("notes"u8);
            foreach (FeatureCell cell in row.Cells)
            {
                if (cell.Notes != CellNotes.None)
                {
                    RowCodec.WriteJsonFlags(json, cell.Feature, cell.Notes);
                }
            }

            json.WriteEndObject();
            json.WriteStartObject("freshness"u8);
            foreach (FeatureCell cell in row.Cells)
            {
                if (cell.FreshnessLag is { } lag)
                {
                    json.WriteString(cell.Feature, RowCodec.FormatDuration(lag));
                }
            }

            json.WriteEndObject();
            json.WriteStartObject("observed"u8);
            foreach (FeatureCell cell in row.Cells)
            {
                if (cell.ObservedValue is { } observed)
                {
                    json.WriteString(cell.Feature, observed);
                }
            }

            json.WriteEndObject();
        }

        if (!result.Rejections.IsDefaultOrEmpty)
        {
            json.WriteStartArray("rejections"u8);
            foreach (RowRejection rejection in result.Rejections)
            {
                json.WriteStartObject();
                WriteStringOrNull(json, "feature"u8, rejection.Feature);
                json.WriteString("code"u8, RowCodec.FormatCode(rejection.Code));
                WriteStringOrNull(json, "attempted_value"u8, rejection.AttemptedValue);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        if (!result.IsScored)
        {
            json.WriteStartArray("not_scored"u8);
            foreach (NotScoredReason reason in result.Reasons)
            {
                json.WriteStartObject();
                json.WriteString("code"u8, RowCodec.FormatCode(reason.Code));
                WriteStringOrNull(json, "feature"u8, reason.Feature);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteStringOrNull(Utf8JsonWriter json, ReadOnlySpan<byte> name, string? text)
    {
        if (text is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, text);
        }
    }

    /// <summary>Flushes the stream.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _output.Flush();
        }
    }

    /// <summary>Flushes and releases the writer; disposes the stream only when created with <c>leaveOpen: false</c>.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _json.Dispose();
            _output.Flush();
            if (!_leaveOpen)
            {
                _output.Dispose();
            }
        }
    }
}
