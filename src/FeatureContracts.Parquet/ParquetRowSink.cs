using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using FeatureContracts.Contracts;
using FeatureContracts.Export.Sinks;
using FeatureContracts.Rows;
using Parquet.Schema;

namespace FeatureContracts.Parquet;

/// <summary>
/// Writes training rows as an Apache Parquet file (through Parquet.Net), readable by pandas/pyarrow, DuckDB and
/// Spark. Columns, in order and with their physical/logical types:
/// <list type="bullet">
/// <item>the entity id, named by the domain's entity key (<c>order_id</c> for shipments): required UTF-8 string;</item>
/// <item><c>prediction_time</c>: required INT64 TIMESTAMP(isAdjustedToUTC = true, MICROS), i.e. an instant
/// (DuckDB: <c>TIMESTAMP WITH TIME ZONE</c>, Arrow: <c>timestamp[us, tz=UTC]</c>, Spark: <c>TimestampType</c>);</item>
/// <item>numeric features: optional DOUBLE; categorical features: optional UTF-8 string; boolean features:
/// optional BOOLEAN; a missing value is a Parquet null, never 0 or NaN;</item>
/// <item>missing indicators and <c>label</c>: required INT32, 0 or 1.</item>
/// </list>
/// Snappy compression. The file's key-value metadata names the contract: <c>featurecontracts.contract</c>,
/// <c>featurecontracts.contract_version</c>, <c>featurecontracts.fingerprint</c>.
/// </summary>
/// <remarks>
/// <para>Rows are buffered column by column up to <see cref="RowGroupSize"/> rows, then written as one row group,
/// so memory is bounded by one row group whatever the number of rows. The same rows with the same row group size
/// give byte-identical files.</para>
/// <para>Parquet.Net is asynchronous only; this sink implements the synchronous <see cref="IRowSink"/> by running
/// each row-group write and the final footer write on the thread pool and blocking until it finishes (once per
/// row group, not per row). That is safe from console and export jobs and from threads with a synchronization
/// context; do not call it on a thread whose blocking would starve the pool.</para>
/// <para>A prediction instant must be a whole number of microseconds (Parquet's timestamp resolution): a finer
/// one is refused rather than silently truncated. Not thread-safe.</para>
/// </remarks>
public sealed class ParquetRowSink : IRowSink
{
    /// <summary>The format's short name.</summary>
    public const string FormatName = "parquet";

    /// <summary>The default number of rows per row group.</summary>
    public const int DefaultRowGroupSize = 65_536;

    /// <summary>The largest allowed number of rows per row group.</summary>
    public const int MaxRowGroupSize = 1 << 24;

    private readonly RowGroupFile _file;
    private RowLayout? _layout;
    private IColumnBuffer[] _buffers = [];

    /// <summary>Creates a sink that writes a Parquet file to <paramref name="output"/>.</summary>
    /// <param name="output">A writable stream; it need not be seekable.</param>
    /// <param name="leaveOpen">
    /// Whether <see cref="Dispose"/> leaves <paramref name="output"/> open (the default: the caller opened it, the
    /// caller closes it); <see langword="false"/> hands the stream to the sink, which then disposes it.
    /// </param>
    /// <param name="rowGroupSize">Rows per row group, 1 to <see cref="MaxRowGroupSize"/>; it bounds the sink's memory.</param>
    public ParquetRowSink(Stream output, bool leaveOpen = true, int rowGroupSize = DefaultRowGroupSize)
        => _file = new RowGroupFile(output, leaveOpen, rowGroupSize, MaxRowGroupSize);

    /// <inheritdoc />
    public string Format => FormatName;

    /// <summary>Rows per row group.</summary>
    public int RowGroupSize => _file.RowGroupSize;

    /// <summary>Returns <paramref name="registry"/> with the <c>parquet</c> format added.</summary>
    /// <param name="registry">The registry to extend, e.g. <see cref="RowSinkRegistry.Default"/>.</param>
    /// <param name="rowGroupSize">Rows per row group of the sinks it creates.</param>
    public static RowSinkRegistry Register(RowSinkRegistry registry, int rowGroupSize = DefaultRowGroupSize)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rowGroupSize, MaxRowGroupSize);
        return registry.With(FormatName, (output, leaveOpen) => new ParquetRowSink(output, leaveOpen, rowGroupSize));
    }

    /// <summary>Prepares the schema of rows in <paramref name="layout"/>.</summary>
    public void Begin(RowLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ObjectDisposedException.ThrowIf(_file.IsDisposed, this);
        if (_layout is not null)
        {
            throw new InvalidOperationException("The parquet sink has already begun.");
        }

        FeatureContract contract = layout.Contract;
        var fields = new DataField[layout.Columns.Length];
        _buffers = new IColumnBuffer[layout.Columns.Length];
        int initialCapacity = _file.InitialCapacity;
        for (int i = 0; i < fields.Length; i++)
        {
            LayoutColumn column = layout.Columns[i];
            (fields[i], _buffers[i]) = column.Type switch
            {
                LayoutColumnType.EntityId => ((DataField)new DataField<string>(column.Name, nullable: false), (IColumnBuffer)new StringBuffer(initialCapacity)),
                LayoutColumnType.PredictionTime => (new DateTimeDataField(column.Name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false), new ValueBuffer<DateTime>(initialCapacity)),
                LayoutColumnType.Numeric => (new DataField<double?>(column.Name, nullable: true), new NullableBuffer<double>(initialCapacity)),
                LayoutColumnType.Categorical => (new DataField<string>(column.Name, nullable: true), new StringBuffer(initialCapacity)),
                LayoutColumnType.Boolean => (new DataField<bool?>(column.Name, nullable: true), new NullableBuffer<bool>(initialCapacity)),
                _ => (new DataField<int>(column.Name, nullable: false), new ValueBuffer<int>(initialCapacity)),
            };
        }

        _file.Define(fields, _buffers, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["featurecontracts.contract"] = contract.Name,
            ["featurecontracts.contract_version"] = contract.Version.ToString(CultureInfo.InvariantCulture),
            ["featurecontracts.fingerprint"] = contract.Fingerprint,
        });
        _layout = layout;
    }

    /// <summary>Buffers one row; a full row group is written to the stream.</summary>
    /// <exception cref="ArgumentException">
    /// The row follows another contract, holds a non-finite number, or its prediction instant is not a whole
    /// number of microseconds.
    /// </exception>
    public void Write(FeatureRow row, bool label)
    {
        ArgumentNullException.ThrowIfNull(row);
        RowLayout layout = Open();
        layout.EnsureFits(row);
        DateTime predictionTime = RowGroupFile.ToUtcMicroseconds(row.PredictionInstant) ?? throw new ArgumentException(
            $"Row {row.EntityId}@{row.PredictionInstant}: the prediction instant is finer than a microsecond, the resolution of a Parquet timestamp; it would be truncated.",
            nameof(row));
        for (int i = 0; i < layout.Columns.Length; i++)
        {
            LayoutColumn column = layout.Columns[i];
            switch (column.Type)
            {
                case LayoutColumnType.EntityId:
                    ((StringBuffer)_buffers[i]).Add(row.EntityId);
                    break;
                case LayoutColumnType.PredictionTime:
                    ((ValueBuffer<DateTime>)_buffers[i]).Add(predictionTime);
                    break;
                case LayoutColumnType.Numeric:
                    ((NullableBuffer<double>)_buffers[i]).Add(row.Cells[column.FeatureIndex].Value.Number);
                    break;
                case LayoutColumnType.Categorical:
                    ((StringBuffer)_buffers[i]).Add(row.Cells[column.FeatureIndex].Value.Category);
                    break;
                case LayoutColumnType.Boolean:
                    ((NullableBuffer<bool>)_buffers[i]).Add(row.Cells[column.FeatureIndex].Value.Boolean);
                    break;
                case LayoutColumnType.MissingIndicator:
                    ((ValueBuffer<int>)_buffers[i]).Add(row.Cells[column.FeatureIndex].IsMissing ? 1 : 0);
                    break;
                default:
                    ((ValueBuffer<int>)_buffers[i]).Add(label ? 1 : 0);
                    break;
            }
        }

        _file.RowAdded();
    }

    /// <summary>Writes the buffered rows and the file footer, then flushes the stream; the stream stays open.</summary>
    public void Complete()
    {
        Open();
        _file.Complete();
    }

    /// <summary>
    /// Releases the sink. Without <see cref="Complete"/> no footer is written, so the output is not a readable
    /// Parquet file (an aborted export can never pass for a complete one). Disposes the stream only when the sink
    /// was created with <c>leaveOpen: false</c>.
    /// </summary>
    public void Dispose()
    {
        _buffers = [];
        _file.Dispose();
    }

    private RowLayout Open()
    {
        ObjectDisposedException.ThrowIf(_file.IsDisposed, this);
        if (_layout is null)
        {
            throw new InvalidOperationException("Call Begin before writing to the parquet sink.");
        }

        if (_file.IsCompleted)
        {
            throw new InvalidOperationException("The parquet sink is complete; nothing more can be written.");
        }

        return _layout;
    }
}
