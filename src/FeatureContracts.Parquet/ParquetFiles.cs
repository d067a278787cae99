using System;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Parquet;

namespace FeatureContracts.Parquet;

/// <summary>
/// What every Parquet file this package reads shares: the check that a file is Parquet at all, opening its footer and
/// row groups with clear refusals naming the file, and the bridge from Parquet.Net's asynchronous API to synchronous
/// callers (crossed once per file or row group, never per row).
/// </summary>
internal static class ParquetFiles
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    /// <summary>Opens <paramref name="path"/> for reading by Parquet.Net.</summary>
    public static FileStream OpenRead(string path)
        => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.Asynchronous | FileOptions.RandomAccess);

    /// <summary>Checks the magic bytes at both ends of the file, and opens its footer.</summary>
    /// <param name="stream">The file, at its start.</param>
    /// <param name="noun">What the file is, e.g. <c>event log</c>, for messages.</param>
    /// <param name="fileName">The file's name, for messages.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    /// <exception cref="InvalidDataException">The file is not Parquet, or its footer cannot be decoded.</exception>
    public static async Task<ParquetReader> OpenAsync(FileStream stream, string noun, string fileName, CancellationToken cancellationToken)
    {
        byte[] head = new byte[4];
        byte[] tail = new byte[4];
        bool parquet = stream.Length >= 12;
        if (parquet)
        {
            await stream.ReadExactlyAsync(head, cancellationToken).ConfigureAwait(false);
            stream.Seek(-4, SeekOrigin.End);
            await stream.ReadExactlyAsync(tail, cancellationToken).ConfigureAwait(false);
            stream.Seek(0, SeekOrigin.Begin);
            parquet = head.AsSpan().SequenceEqual(Magic) && tail.AsSpan().SequenceEqual(Magic);
        }

        if (!parquet)
        {
            throw new InvalidDataException($"The {noun} {fileName} is not a Parquet file: it does not start and end with the magic bytes PAR1.");
        }

        try
        {
            return await ParquetReader.CreateAsync(stream, parquetOptions: null, leaveStreamOpen: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsDecodingFailure(e))
        {
            throw new InvalidDataException($"The Parquet {noun} {fileName} cannot be read: its footer cannot be decoded ({e.Message}).", e);
        }
    }

    /// <summary>Opens row group <paramref name="index"/> and reads it with <paramref name="read"/>; returns its number of rows.</summary>
    /// <exception cref="InvalidDataException">The row group declares an impossible number of rows, or cannot be decoded.</exception>
    public static async Task<int> ReadRowGroupAsync(ParquetReader reader, int index, string noun, string fileName, Func<ParquetRowGroupReader, int, Task> read)
    {
        using ParquetRowGroupReader group = reader.OpenRowGroupReader(index);
        if (group.RowCount < 0 || group.RowCount > Array.MaxLength)
        {
            throw new InvalidDataException(string.Create(
                CultureInfo.InvariantCulture,
                $"The Parquet {noun} {fileName} cannot be read: row group {index} declares {group.RowCount} rows."));
        }

        int rows = (int)group.RowCount;
        try
        {
            await read(group, rows).ConfigureAwait(false);
        }
        catch (Exception e) when (IsDecodingFailure(e))
        {
            throw new InvalidDataException(
                string.Create(CultureInfo.InvariantCulture, $"The Parquet {noun} {fileName} cannot be read: row group {index} cannot be decoded ({e.Message})."),
                e);
        }

        return rows;
    }

    /// <summary>Runs an asynchronous Parquet.Net call to its end on the thread pool, for a synchronous caller.</summary>
    public static void Run(Func<Task> action) => Task.Run(action).GetAwaiter().GetResult();

    /// <summary>Runs an asynchronous Parquet.Net call to its end on the thread pool, for a synchronous caller.</summary>
    public static T Run<T>(Func<Task<T>> action) => Task.Run(action).GetAwaiter().GetResult();

    /// <summary>An exception of the Parquet decoder over bad bytes, as opposed to I/O failure or cancellation.</summary>
    private static bool IsDecodingFailure(Exception e) => e is not (OperationCanceledException or IOException or OutOfMemoryException or InvalidDataException);
}
