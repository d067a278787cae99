using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using FeatureContracts.Rows;
using NodaTime;
using Parquet;
using Parquet.Meta;
using Parquet.Schema;

namespace FeatureContracts.Parquet;

/// <summary>
/// Reads a training Parquet file (as <see cref="ParquetRowSink"/> writes it, or as pandas, DuckDB or Spark rewrite
/// it) back into the rows of a <see cref="RowLayout"/>, checked exactly as the CSV and JSON Lines readers check theirs
/// (<see cref="RowCodec.ReadTypedRecord"/>): every value of its feature's kind, a category from the vocabulary or the
/// unseen bucket, a number finite and within the feature's range, missing only where the contract keeps the feature
/// missing and then with its indicator 1. Give the records to <c>TrainingData.FromRecords</c> to train on them.
/// </summary>
/// <remarks>
/// <para>
/// <b>Columns.</b> Exactly the layout's columns, by name, in any order; each flat (not nested or repeated), required
/// or nullable, of a type that holds its values:
/// </para>
/// <list type="bullet">
/// <item><description>the entity id and categorical features: UTF-8 strings;</description></item>
/// <item><description><c>prediction_time</c>: an INT64 <c>TIMESTAMP</c> with <c>isAdjustedToUTC = true</c> in
/// milliseconds, microseconds or nanoseconds (read exactly), or an ISO-8601 string with <c>Z</c> or an
/// offset;</description></item>
/// <item><description>numeric features: <c>DOUBLE</c> (also <c>FLOAT</c>, integers and <c>DECIMAL</c>, read as the
/// nearest double); boolean features: <c>BOOLEAN</c>;</description></item>
/// <item><description>missing indicators and <c>label</c>: integers, 0 or 1.</description></item>
/// </list>
/// <para>
/// The file is refused as a whole — an <see cref="InvalidDataException"/> naming the file and the column, thrown
/// when enumeration starts — when it is not a Parquet file, lacks a column of the layout, has a column the layout
/// does not have, has a column of a type that cannot hold its values, or names (in its
/// <c>featurecontracts.fingerprint</c> metadata) another contract than the layout's. A row that does not follow the
/// contract is refused with an <see cref="InvalidDataException"/> naming the file, the row (1-based across the file)
/// and the column, whose inner exception is the codec's <see cref="RowFormatException"/>; nothing is skipped.
/// </para>
/// <para>
/// <b>Memory</b> is bounded by one row group of the file. The file is opened when enumeration starts and closed when
/// it ends. Parquet.Net is asynchronous only; <see cref="Read"/> blocks on it once per row group (see
/// <see cref="ParquetRowSink"/> for when that is safe), <see cref="ReadAsync"/> does not block.
/// </para>
/// </remarks>
public static class ParquetTrainingReader
{
    private const string Noun = "training file";

    /// <summary>Reads every row of the training file at <paramref name="path"/>, in file order, as rows of <paramref name="layout"/>.</summary>
    /// <param name="path">The file; it is not opened until enumeration starts.</param>
    /// <param name="layout">The layout the file follows, e.g. <see cref="RowLayout.For(Domains.Transform)"/>.</param>
    /// <exception cref="InvalidDataException">
    /// The file cannot be read as rows of the layout, or a row does not follow the contract; the message names the
    /// file, the row and the column. Thrown during enumeration.
    /// </exception>
    /// <exception cref="IOException">The file cannot be opened or read (thrown during enumeration).</exception>
    public static IEnumerable<TrainingRecord> Read(string path, RowLayout layout)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(layout);
        return ReadIterator(Path.GetFullPath(path), layout);
    }

    /// <summary>Reads every row of the training file at <paramref name="path"/>, in file order, as rows of <paramref name="layout"/>.</summary>
    /// <param name="path">The file; it is not opened until enumeration starts.</param>
    /// <param name="layout">The layout the file follows, e.g. <see cref="RowLayout.For(Domains.Transform)"/>.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <exception cref="InvalidDataException">
    /// The file cannot be read as rows of the layout, or a row does not follow the contract; the message names the
    /// file, the row and the column. Thrown during enumeration.
    /// </exception>
    /// <exception cref="IOException">The file cannot be opened or read (thrown during enumeration).</exception>
    public static IAsyncEnumerable<TrainingRecord> ReadAsync(string path, RowLayout layout, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(layout);
        return ReadAsyncIterator(Path.GetFullPath(path), layout, cancellationToken);
    }

    private static IEnumerable<TrainingRecord> ReadIterator(string path, RowLayout layout)
    {
        TrainingFile file = ParquetFiles.Run(() => TrainingFile.OpenAsync(path, layout, CancellationToken.None));
        try
        {
            for (int index = 0; index < file.RowGroupCount; index++)
            {
                int group = index;
                int rows = ParquetFiles.Run(() => file.ReadRowGroupAsync(group, CancellationToken.None));
                for (int row = 0; row < rows; row++)
                {
                    yield return file.Read(row);
                }
            }
        }
        finally
        {
            ParquetFiles.Run(() => file.DisposeAsync().AsTask());
        }
    }

    private static async IAsyncEnumerable<TrainingRecord> ReadAsyncIterator(string path, RowLayout layout, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        TrainingFile file = await TrainingFile.OpenAsync(path, layout, cancellationToken).ConfigureAwait(false);
        await using (file.ConfigureAwait(false))
        {
            for (int index = 0; index < file.RowGroupCount; index++)
            {
                int rows = await file.ReadRowGroupAsync(index, cancellationToken).ConfigureAwait(false);
                for (int row = 0; row < rows; row++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return file.Read(row);
                }
            }
        }
    }

    /// <summary>One open training file: its columns in layout order, and the current row group's values.</summary>
    private sealed class TrainingFile : IAsyncDisposable
    {
        private readonly FileStream _stream;
        private readonly ParquetReader _reader;
        private readonly RowLayout _layout;
        private readonly string _fileName;
        private readonly FileColumn[] _columns;
        private readonly TypedCell[] _cells;
        private long _rowNumber;

        private TrainingFile(FileStream stream, ParquetReader reader, RowLayout layout, string fileName, FileColumn[] columns)
        {
            _stream = stream;
            _reader = reader;
            _layout = layout;
            _fileName = fileName;
            _columns = columns;
            _cells = new TypedCell[columns.Length];
        }

        public int RowGroupCount => _reader.RowGroupCount;

        public static async Task<TrainingFile> OpenAsync(string path, RowLayout layout, CancellationToken cancellationToken)
        {
            string fileName = Path.GetFileName(path);
            FileStream stream = ParquetFiles.OpenRead(path);
            ParquetReader? reader = null;
            try
            {
                reader = await ParquetFiles.OpenAsync(stream, Noun, fileName, cancellationToken).ConfigureAwait(false);
                return new TrainingFile(stream, reader, layout, fileName, Resolve(reader, layout, fileName));
            }
            catch
            {
                if (reader is not null)
                {
                    await reader.DisposeAsync().ConfigureAwait(false);
                }

                await stream.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        public Task<int> ReadRowGroupAsync(int index, CancellationToken cancellationToken)
            => ParquetFiles.ReadRowGroupAsync(_reader, index, Noun, _fileName, async (group, rows) =>
            {
                foreach (FileColumn column in _columns)
                {
                    await column.Values.ReadAsync(group, rows, cancellationToken).ConfigureAwait(false);
                }
            });

        /// <summary>Checks <paramref name="row"/> of the current row group and makes its record.</summary>
        public TrainingRecord Read(int row)
        {
            _rowNumber++;
            try
            {
                for (int i = 0; i < _columns.Length; i++)
                {
                    _cells[i] = _columns[i].Cell(row);
                }

                return RowCodec.ReadTypedRecord(_layout, _cells);
            }
            catch (RowFormatException e)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{_fileName}, row {_rowNumber}, column '{e.Column}': {e.Reason}."), e);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _reader.DisposeAsync().ConfigureAwait(false);
            await _stream.DisposeAsync().ConfigureAwait(false);
        }

        /// <summary>The file's column of each layout column, in layout order, each checked to hold its values.</summary>
        private static FileColumn[] Resolve(ParquetReader reader, RowLayout layout, string fileName)
        {
            var contract = layout.Contract;
            if (reader.CustomMetadata is { } metadata
                && metadata.TryGetValue("featurecontracts.fingerprint", out string? fingerprint)
                && !string.Equals(fingerprint, contract.Fingerprint, StringComparison.Ordinal))
            {
                string name = metadata.TryGetValue("featurecontracts.contract", out string? n) ? n : "(unnamed)";
                string version = metadata.TryGetValue("featurecontracts.contract_version", out string? v) ? v : "?";
                throw new InvalidDataException(
                    $"The Parquet {Noun} {fileName} cannot be read as rows of contract {contract.Name} v{contract.Version} ({contract.Fingerprint}): it was written for contract {name} v{version} ({fingerprint}).");
            }

            Dictionary<string, SchemaElement> elements = EventColumns.TopLevelElements(reader.Metadata?.Schema)
                ?? throw new InvalidDataException($"The Parquet {Noun} {fileName} cannot be read: it has no schema.");
            var columns = new FileColumn?[layout.Columns.Length];
            foreach (Field field in reader.Schema.Fields)
            {
                int index = layout.IndexOf(field.Name);
                if (index < 0)
                {
                    throw Refuse(fileName, field.Name, $"is not a column of contract {contract.Name} v{contract.Version}; its columns are {Names(layout)}");
                }

                if (columns[index] is not null)
                {
                    throw Refuse(fileName, field.Name, "appears more than once in the schema");
                }

                if (field is not DataField data || data.IsArray || data.MaxRepetitionLevel > 0 || !elements.TryGetValue(field.Name, out SchemaElement? element))
                {
                    throw Refuse(fileName, field.Name, "is a nested or repeated column; every column of a training file is one flat column");
                }

                columns[index] = FileColumn.For(index, layout.Columns[index], data, element, fileName);
            }

            for (int i = 0; i < columns.Length; i++)
            {
                if (columns[i] is null)
                {
                    throw Refuse(fileName, layout.Columns[i].Name, $"is absent; a training file of contract {contract.Name} v{contract.Version} has the columns {Names(layout)}");
                }
            }

            return columns!;
        }

        private static string Names(RowLayout layout) => string.Join(", ", layout.Columns.Select(c => c.Name));
    }

    private static InvalidDataException Refuse(string fileName, string column, string problem)
        => new($"The Parquet {Noun} {fileName} cannot be read: column \"{column}\" {problem}.");

    /// <summary>A column of the file and how its values become the cells of its layout column.</summary>
    private sealed class FileColumn(EventColumn values, Func<int, TypedCell> cell)
    {
        /// <summary>The column's values in the current row group.</summary>
        public EventColumn Values { get; } = values;

        /// <summary>The cell of a row of the current row group.</summary>
        public Func<int, TypedCell> Cell { get; } = cell;

        public static FileColumn For(int index, LayoutColumn column, DataField data, SchemaElement element, string fileName)
        {
            System.Type clr = data.ClrType;
            bool isText = clr == typeof(string) || clr == typeof(ReadOnlyMemory<char>);
            switch (column.Type)
            {
                case LayoutColumnType.EntityId or LayoutColumnType.Categorical when isText:
                case LayoutColumnType.PredictionTime when isText:
                    var text = new TextColumn(index, data);
                    return new FileColumn(text, row => text[row] is { } s ? TypedCell.OfText(s) : TypedCell.Null);
                case LayoutColumnType.PredictionTime:
                    InstantColumn instants = InstantColumn.TryFor(index, data, element, out string? problem) ?? throw Refuse(fileName, data.Name, problem!);
                    return new FileColumn(instants, row => InstantCell(instants, row, column.Name));
                case LayoutColumnType.Numeric when NumberColumn.For(index, data) is { } numbers:
                    return new FileColumn(numbers, row => numbers[row] is { } x ? TypedCell.OfNumber(x) : TypedCell.Null);
                case LayoutColumnType.Boolean when clr == typeof(bool):
                    var flags = new BooleanColumn(index, data);
                    return new FileColumn(flags, row => flags[row] is { } b ? TypedCell.OfBoolean(b) : TypedCell.Null);
                case LayoutColumnType.MissingIndicator or LayoutColumnType.Label when IsInteger(clr) && NumberColumn.For(index, data) is { } integers:
                    // Integers read as doubles: only 0 and 1 become 0 and 1, any other integer stays a number the codec refuses.
                    return new FileColumn(integers, row => integers[row] switch
                    {
                        null => TypedCell.Null,
                        0 => TypedCell.OfInteger(0),
                        1 => TypedCell.OfInteger(1),
                        { } other => TypedCell.OfNumber(other),
                    });
                default:
                    throw Refuse(fileName, data.Name, $"has the type {EventColumns.Describe(element)}, which cannot hold {Expected(column.Type)}");
            }
        }

        private static TypedCell InstantCell(InstantColumn column, int row, string name)
        {
            if (column.Raw(row) is not { } raw)
            {
                return TypedCell.Null;
            }

            return column.TryInstant(raw, out Instant instant)
                ? TypedCell.OfInstant(instant)
                : throw new RowFormatException(name, string.Create(CultureInfo.InvariantCulture, $"{raw} {column.UnitName} since 1970-01-01T00:00:00Z is outside the range of instants that can be represented"));
        }

        private static bool IsInteger(System.Type clr)
            => clr == typeof(int) || clr == typeof(long) || clr == typeof(short) || clr == typeof(sbyte)
                || clr == typeof(byte) || clr == typeof(ushort) || clr == typeof(uint) || clr == typeof(ulong);

        private static string Expected(LayoutColumnType type) => type switch
        {
            LayoutColumnType.EntityId => "an entity id (a UTF-8 string)",
            LayoutColumnType.PredictionTime => "an instant (a UTC-adjusted TIMESTAMP, or an ISO-8601 string)",
            LayoutColumnType.Numeric => "a number (DOUBLE, FLOAT, an integer or a DECIMAL)",
            LayoutColumnType.Categorical => "a category (a UTF-8 string)",
            LayoutColumnType.Boolean => "a BOOLEAN",
            _ => "0 or 1 (an integer)",
        };
    }
}
