using System;
using System.Buffers;
using System.IO;
using System.Text.Json;
using System.Threading;
using FeatureContracts.Rows;

namespace FeatureContracts.Serving;

/// <summary>
/// Writes scored rows as JSON Lines for the parity checks monitoring runs against the training export: UTF-8
/// without a byte order mark, one object per scored row followed by <c>\n</c>, with the properties: the entity id
/// under the domain's entity key (<see cref="ScoreResult.EntityKey"/>: <c>order_id</c> for shipments, as the training
/// export's entity-id column is named), <c>prediction_time</c> (ISO-8601 UTC with <c>Z</c> at full precision),
/// <c>fingerprint</c>, <c>model_id</c>, <c>score</c> and <c>values</c>: an object of every row column in schema order
/// (features, then missing indicators as 1 or 0). Everything is written by the row codec the training export's JSON
/// Lines rows are written by (<see cref="RowCodec.JsonOptions"/>, <see cref="RowCodec.FormatInstant"/>,
/// <see cref="RowCodec.WriteJsonColumnValues"/>): numbers in shortest round-trip form, booleans <c>true</c>/<c>false</c>,
/// a missing value <c>null</c>.
/// </summary>
/// <remarks>
/// Deterministic: the same results give the same bytes. Thread-safe: concurrent writers each write whole lines.
/// </remarks>
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

    /// <summary>Writes one scored result as one line.</summary>
    /// <exception cref="ArgumentException">
    /// The result was not scored (only scored rows go to the serving log), or its entity key is the name of another
    /// property of the line.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    public void Write(ScoreResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.IsScored || result.Row is not { } row)
        {
            throw new ArgumentException($"Only scored results go to the serving log; {result.EntityKey} {result.EntityId} at {result.PredictionInstant} was not scored.", nameof(result));
        }

        if (result.EntityKey is "prediction_time" or "fingerprint" or "model_id" or "score" or "values")
        {
            throw new ArgumentException(
                $"The domain's entity key '{result.EntityKey}' is also a property of every serving log line; a line cannot hold both.", nameof(result));
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _buffer.ResetWrittenCount();
            _json.Reset(_buffer);
            _json.WriteStartObject();
            _json.WriteString(result.EntityKey, result.EntityId);
            _json.WriteString("prediction_time"u8, RowCodec.FormatInstant(result.PredictionInstant));
            _json.WriteString("fingerprint"u8, result.ContractFingerprint);
            _json.WriteString("model_id"u8, result.ModelId);
            _json.WriteNumber("score"u8, result.Score!.Value);
            _json.WriteStartObject("values"u8);
            RowCodec.WriteJsonColumnValues(_json, row);
            _json.WriteEndObject();
            _json.WriteEndObject();
            _json.Flush();
            _buffer.GetSpan(1)[0] = (byte)'\n';
            _buffer.Advance(1);
            _output.Write(_buffer.WrittenSpan);
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
