using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using FeatureContracts.Export.IO;
using NodaTime;
using Parquet;
using Parquet.Schema;

namespace FeatureContracts.Parquet;

/// <summary>
/// The part every Parquet file this package writes shares: column buffers for one row group, a row group written
/// when full, the footer written only by <see cref="Complete"/> (so an aborted file is never readable), and the
/// bridge to Parquet.Net's asynchronous API, crossed once per row group rather than once per row.
/// </summary>
internal sealed class RowGroupFile : IDisposable
{
    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private DataField[] _fields = [];
    private IColumnBuffer[] _buffers = [];
    private IReadOnlyDictionary<string, string>? _metadata;
    private ParquetWriter? _writer;
    private int _buffered;

    public RowGroupFile(Stream output, bool leaveOpen, int rowGroupSize, int maxRowGroupSize)
    {
        Streams.RequireWritable(output, nameof(output));
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rowGroupSize, maxRowGroupSize);

        _output = output;
        _leaveOpen = leaveOpen;
        RowGroupSize = rowGroupSize;
    }

    public int RowGroupSize { get; }

    public bool IsDefined { get; private set; }

    public bool IsCompleted { get; private set; }

    public bool IsDisposed { get; private set; }

    /// <summary>An initial buffer capacity: a row group's size, but no more than 1024 until rows arrive.</summary>
    public int InitialCapacity => Math.Min(RowGroupSize, 1024);

    /// <summary>Fixes the columns; nothing is written until the first row group or <see cref="Complete"/>.</summary>
    public void Define(DataField[] fields, IColumnBuffer[] buffers, IReadOnlyDictionary<string, string>? metadata = null)
    {
        _fields = fields;
        _buffers = buffers;
        _metadata = metadata;
        IsDefined = true;
    }

    /// <summary>Counts a row the caller added to every buffer; writes the row group when it is full.</summary>
    public void RowAdded()
    {
        if (++_buffered == RowGroupSize)
        {
            FlushRowGroup();
        }
    }

    /// <summary>Writes the buffered rows and the footer, then flushes the stream.</summary>
    public void Complete()
    {
        FlushRowGroup();
        ParquetWriter writer = Writer();
        ParquetFiles.Run(async () => await writer.DisposeAsync().ConfigureAwait(false));
        _output.Flush();
        IsCompleted = true;
    }

    /// <summary>Releases the buffers; disposes the stream only when it was handed over.</summary>
    public void Dispose()
    {
        if (IsDisposed)
        {
            return;
        }

        IsDisposed = true;
        _writer = null;
        _buffers = [];
        if (!_leaveOpen)
        {
            _output.Dispose();
        }
    }

    /// <summary>
    /// An instant as the <see cref="DateTime"/> of a UTC microsecond timestamp; <see langword="null"/> when it is
    /// finer than a microsecond (it would be truncated) or outside the years <see cref="DateTime"/> covers.
    /// </summary>
    public static DateTime? ToUtcMicroseconds(Instant instant)
    {
        long ticks = instant.ToUnixTimeTicks();
        if (ticks % 10 != 0 || Instant.FromUnixTimeTicks(ticks) != instant || instant < DateTimeMin || instant > DateTimeMax)
        {
            return null;
        }

        return instant.ToDateTimeUtc();
    }

    private static readonly Instant DateTimeMin = Instant.FromDateTimeUtc(DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc));

    private static readonly Instant DateTimeMax = Instant.FromDateTimeUtc(DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc));

    private ParquetWriter Writer()
    {
        if (_writer is null)
        {
            var schema = new ParquetSchema(_fields);
            var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy };
            Stream output = _output;
            ParquetWriter writer = ParquetFiles.Run(() => ParquetWriter.CreateAsync(schema, output, options));
            if (_metadata is not null)
            {
                writer.CustomMetadata = new Dictionary<string, string>(_metadata, StringComparer.Ordinal);
            }

            _writer = writer;
        }

        return _writer;
    }

    private void FlushRowGroup()
    {
        if (_buffered == 0)
        {
            return;
        }

        ParquetWriter writer = Writer();
        DataField[] fields = _fields;
        IColumnBuffer[] buffers = _buffers;
        ParquetFiles.Run(async () =>
        {
            using ParquetRowGroupWriter group = writer.CreateRowGroup();
            for (int i = 0; i < fields.Length; i++)
            {
                await buffers[i].WriteAsync(group, fields[i]).ConfigureAwait(false);
            }

            group.CompleteValidate();
        });

        foreach (IColumnBuffer buffer in buffers)
        {
            buffer.Clear();
        }

        _buffered = 0;
    }
}

/// <summary>One column's values of the current row group.</summary>
internal interface IColumnBuffer
{
    Task WriteAsync(ParquetRowGroupWriter group, DataField field);

    void Clear();
}

/// <summary>A growable array of one column's values.</summary>
internal abstract class ColumnBuffer<T>(int capacity)
{
    private T[] _items = new T[capacity];

    protected int Count { get; private set; }

    protected T[] Items => _items;

    public void Add(T item)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[Count++] = item;
    }

    public void Clear()
    {
        Array.Clear(_items, 0, Count);
        Count = 0;
    }
}

/// <summary>A required column of a value type.</summary>
internal sealed class ValueBuffer<T>(int capacity) : ColumnBuffer<T>(capacity), IColumnBuffer
    where T : struct
{
    public Task WriteAsync(ParquetRowGroupWriter group, DataField field)
        => group.WriteAsync(field, new ReadOnlyMemory<T>(Items, 0, Count), null, null, default);
}

/// <summary>An optional column of a value type.</summary>
internal sealed class NullableBuffer<T>(int capacity) : ColumnBuffer<T?>(capacity), IColumnBuffer
    where T : struct
{
    public Task WriteAsync(ParquetRowGroupWriter group, DataField field)
        => group.WriteAsync(field, new ReadOnlyMemory<T?>(Items, 0, Count), null, null, default);
}

/// <summary>A string column (required or optional as its field says).</summary>
internal sealed class StringBuffer(int capacity) : ColumnBuffer<string?>(capacity), IColumnBuffer
{
    public Task WriteAsync(ParquetRowGroupWriter group, DataField field)
        => group.WriteAsync(field, new ArraySegment<string>(Items!, 0, Count), null);
}
