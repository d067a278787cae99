using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using FeatureContracts.Domains;
using NodaTime;
using Parquet;
using Parquet.Data;
using Parquet.Meta;
using Parquet.Schema;
using PhysicalType = global::Parquet.Meta.Type;
using TimestampUnit = global::Parquet.Meta.TimeUnit;

namespace FeatureContracts.Parquet;

/// <summary>
/// The columns of a Parquet event log: which field of the schema each top-level column holds (its slot, the field's
/// position in <see cref="EventSchema.FieldNames"/>), in which encoding, checked once when the file is opened, and read
/// one row group at a time into reusable buffers.
/// </summary>
internal sealed class EventColumns
{
    /// <summary>The slot of <c>type</c>.</summary>
    public const int TypeSlot = 0;

    /// <summary>The slot of <c>occurred_at</c>.</summary>
    public const int OccurredAtSlot = 1;

    /// <summary>The slot of <c>recorded_at</c>.</summary>
    public const int RecordedAtSlot = 2;

    /// <summary>The slot of <c>event_id</c>.</summary>
    public const int EventIdSlot = 3;

    private readonly EventColumn?[] _bySlot;

    private EventColumns(EventLogFields fields, List<EventColumn> inSchemaOrder)
    {
        Fields = fields;
        InSchemaOrder = inSchemaOrder;
        _bySlot = new EventColumn?[fields.Names.Length];
        foreach (EventColumn column in inSchemaOrder)
        {
            if (column.Slot is { } slot)
            {
                _bySlot[slot] = column;
            }
        }
    }

    /// <summary>The fields of the log, by slot.</summary>
    public EventLogFields Fields { get; }

    /// <summary>The columns read, in the file's schema order (unknown columns only when they are checked).</summary>
    public IReadOnlyList<EventColumn> InSchemaOrder { get; }

    /// <summary>
    /// Checks the file's schema: every column named like a field of the log must be a flat column of a type that
    /// can hold the field, and <c>type</c> and <c>occurred_at</c> must be there.
    /// </summary>
    /// <param name="reader">The open file.</param>
    /// <param name="fields">The fields of the log.</param>
    /// <param name="fileName">The file's name, for messages.</param>
    /// <param name="checkUnknown">Whether columns the log format does not have are read too, to reject rows with a value in one.</param>
    /// <exception cref="InvalidDataException">The file cannot be read as an event log.</exception>
    public static EventColumns Resolve(ParquetReader reader, EventLogFields fields, string fileName, bool checkUnknown)
    {
        Dictionary<string, SchemaElement> elements = TopLevelElements(reader.Metadata?.Schema)
            ?? throw new InvalidDataException($"The Parquet event log {fileName} cannot be read: it has no schema.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var columns = new List<EventColumn>();
        foreach (Field column in reader.Schema.Fields)
        {
            if (!seen.Add(column.Name))
            {
                throw Refuse(fileName, column.Name, "appears more than once in the schema");
            }

            bool known = fields.TrySlotOf(column.Name, out int slot);
            if (!known && !checkUnknown)
            {
                continue;
            }

            if (column is not DataField data || data.IsArray || data.MaxRepetitionLevel > 0 || !elements.TryGetValue(column.Name, out SchemaElement? element))
            {
                throw Refuse(
                    fileName,
                    column.Name,
                    known
                        ? "is a nested or repeated column; every field of the log is one flat column"
                        : "is a nested or repeated column, which this reader cannot check row by row for values of fields the log does not have (it rejects unknown fields)");
            }

            columns.Add(known ? Classify(slot, fields.TypeOf(slot), data, element, fileName) : new PresenceColumn(data));
        }

        foreach (int required in (ReadOnlySpan<int>)[TypeSlot, OccurredAtSlot])
        {
            string name = fields.Names[required];
            if (!seen.Contains(name))
            {
                throw Refuse(fileName, name, "is absent; every event log needs it");
            }
        }

        return new EventColumns(fields, columns);
    }

    /// <summary>The column holding the field in <paramref name="slot"/>, or <see langword="null"/> when the file has none.</summary>
    public EventColumn? this[int slot] => _bySlot[slot];

    /// <summary>Reads every column of one row group into its buffer.</summary>
    public async Task ReadAsync(ParquetRowGroupReader group, int rows, CancellationToken cancellationToken)
    {
        foreach (EventColumn column in InSchemaOrder)
        {
            await column.ReadAsync(group, rows, cancellationToken).ConfigureAwait(false);
        }
    }

    internal static InvalidDataException Refuse(string fileName, string column, string problem)
        => new($"The Parquet event log {fileName} cannot be read: column \"{column}\" {problem}.");

    private static EventColumn Classify(int slot, EventLogFields.ValueKind kind, DataField data, SchemaElement element, string fileName)
    {
        System.Type clr = data.ClrType;
        bool isText = clr == typeof(string) || clr == typeof(ReadOnlyMemory<char>);
        EventColumn? column = kind switch
        {
            EventLogFields.ValueKind.Instant => isText ? new TextColumn(slot, data) : InstantColumn.For(slot, data, element, fileName),
            EventLogFields.ValueKind.Date => isText ? new TextColumn(slot, data) : DateColumn.For(slot, data, element),
            EventLogFields.ValueKind.Number => NumberColumn.For(slot, data),
            EventLogFields.ValueKind.Boolean => clr == typeof(bool) ? new BooleanColumn(slot, data) : null,
            _ => isText ? new TextColumn(slot, data) : null,
        };
        return column ?? throw Refuse(fileName, data.Name, $"has the type {Describe(element)}, which cannot hold {Expected(kind)}");
    }

    private static string Expected(EventLogFields.ValueKind kind) => kind switch
    {
        EventLogFields.ValueKind.Instant => "an instant (a UTC-adjusted TIMESTAMP, or an ISO-8601 string)",
        EventLogFields.ValueKind.Date => "a date (DATE, or a yyyy-MM-dd string)",
        EventLogFields.ValueKind.Number => "a number (DOUBLE, FLOAT, an integer or a DECIMAL)",
        EventLogFields.ValueKind.Boolean => "a BOOLEAN",
        _ => "text (a UTF-8 string)",
    };

    internal static string Describe(SchemaElement element)
    {
        string physical = element.Type?.ToString() ?? "group";
        LogicalType? logical = element.LogicalType;
        string? annotation = logical switch
        {
            { TIMESTAMP: { } ts } => string.Create(CultureInfo.InvariantCulture, $"TIMESTAMP(isAdjustedToUTC={(ts.IsAdjustedToUTC ? "true" : "false")}, {UnitName(ts.Unit)})"),
            { STRING: not null } => "STRING",
            { DATE: not null } => "DATE",
            { TIME: not null } => "TIME",
            { DECIMAL: not null } => "DECIMAL",
            { INTEGER: { } i } => string.Create(CultureInfo.InvariantCulture, $"INTEGER({i.BitWidth}, {(i.IsSigned ? "signed" : "unsigned")})"),
            { ENUM: not null } => "ENUM",
            { JSON: not null } => "JSON",
            { UUID: not null } => "UUID",
            _ => element.ConvertedType?.ToString(),
        };
        return annotation is null ? physical : $"{physical} {annotation}";
    }

    private static string UnitName(TimestampUnit? unit) => unit switch
    {
        { MILLIS: not null } => "MILLIS",
        { MICROS: not null } => "MICROS",
        { NANOS: not null } => "NANOS",
        _ => "unknown unit",
    };

    /// <summary>
    /// The schema elements of the top-level columns by name, from the flattened (depth-first) schema;
    /// <see langword="null"/> when the file has no schema.
    /// </summary>
    internal static Dictionary<string, SchemaElement>? TopLevelElements(List<SchemaElement>? schema)
    {
        var result = new Dictionary<string, SchemaElement>(StringComparer.Ordinal);
        if (schema is null || schema.Count == 0)
        {
            return null;
        }

        int at = 1;
        int count = schema[0].NumChildren ?? 0;
        for (int child = 0; child < count && at < schema.Count; child++)
        {
            result.TryAdd(schema[at].Name, schema[at]);
            at = SkipSubtree(schema, at);
        }

        return result;
    }

    private static int SkipSubtree(List<SchemaElement> schema, int at)
    {
        int children = schema[at].NumChildren ?? 0;
        at++;
        for (int i = 0; i < children && at < schema.Count; i++)
        {
            at = SkipSubtree(schema, at);
        }

        return at;
    }
}

/// <summary>One column of the file and its values in the current row group.</summary>
internal abstract class EventColumn(int? slot, DataField data)
{
    /// <summary>The slot of the field the column holds; <see langword="null"/> for a column the log format does not have.</summary>
    public int? Slot { get; } = slot;

    /// <summary>The column's name.</summary>
    public string Name => Data.Name;

    /// <summary>The file's field of the column.</summary>
    protected DataField Data { get; } = data;

    /// <summary>Reads the column's values of one row group.</summary>
    public abstract Task ReadAsync(ParquetRowGroupReader group, int rows, CancellationToken cancellationToken);

    /// <summary>Whether the column is null in <paramref name="row"/> of the current row group.</summary>
    public abstract bool IsNull(int row);

    /// <summary>A buffer of at least <paramref name="rows"/> items, reused while it is large enough.</summary>
    protected static T[] Ensure<T>(ref T[] buffer, int rows)
    {
        if (buffer.Length < rows)
        {
            buffer = new T[rows];
        }

        return buffer;
    }

    /// <summary>Reads a column of values (nullable or not in the file) as nullable values.</summary>
    protected static async Task ReadNullableAsync<T>(ParquetRowGroupReader group, DataField field, T?[] into, int rows, CancellationToken cancellationToken)
        where T : struct
    {
        if (field.IsNullable)
        {
            await group.ReadAsync<T>(field, into.AsMemory(0, rows), null, cancellationToken).ConfigureAwait(false);
            return;
        }

        var dense = new T[rows];
        await group.ReadAsync<T>(field, dense.AsMemory(), null, cancellationToken).ConfigureAwait(false);
        for (int i = 0; i < rows; i++)
        {
            into[i] = dense[i];
        }
    }

    /// <summary>
    /// A field of the same name and nullability as <paramref name="data"/> but read as the raw physical integers,
    /// so instants and dates come out exact (nanoseconds included) and a value out of range is one row's problem,
    /// not an exception. The file's column chunk is found by name; the nullability must match the file's, which
    /// it does by construction.
    /// </summary>
    protected static DataField Physical<T>(DataField data)
        where T : struct
    {
        DataField raw = data.IsNullable ? new DataField<T?>(data.Name, nullable: true) : new DataField<T>(data.Name, nullable: false);
        _ = new ParquetSchema(raw);
        return raw;
    }
}

/// <summary>A UTF-8 string column.</summary>
internal sealed class TextColumn(int slot, DataField data) : EventColumn(slot, data)
{
    private string?[] _values = [];

    public string? this[int row] => _values[row];

    public override async Task ReadAsync(ParquetRowGroupReader group, int rows, CancellationToken cancellationToken)
    {
        string?[] values = Ensure(ref _values, rows);
        Array.Clear(values);
        await group.ReadAsync(Data, values.AsMemory(0, rows), null, cancellationToken).ConfigureAwait(false);
    }

    public override bool IsNull(int row) => _values[row] is null;
}

/// <summary>A number column of any numeric physical type, read as doubles.</summary>
internal abstract class NumberColumn(int slot, DataField data) : EventColumn(slot, data)
{
    private double?[] _values = [];

    public double? this[int row] => _values[row];

    public static NumberColumn? For(int slot, DataField data)
    {
        System.Type clr = data.ClrType;
        return clr == typeof(double) ? new Of<double>(slot, data, v => v)
            : clr == typeof(float) ? new Of<float>(slot, data, v => v)
            : clr == typeof(int) ? new Of<int>(slot, data, v => v)
            : clr == typeof(long) ? new Of<long>(slot, data, v => v)
            : clr == typeof(short) ? new Of<short>(slot, data, v => v)
            : clr == typeof(sbyte) ? new Of<sbyte>(slot, data, v => v)
            : clr == typeof(byte) ? new Of<byte>(slot, data, v => v)
            : clr == typeof(ushort) ? new Of<ushort>(slot, data, v => v)
            : clr == typeof(uint) ? new Of<uint>(slot, data, v => v)
            : clr == typeof(ulong) ? new Of<ulong>(slot, data, v => v)

            // A decimal's text parsed as a double rounds exactly like the same number written in a JSON log.
            : clr == typeof(decimal) ? new Of<decimal>(slot, data, v => double.Parse(v.ToString(CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture))
            : null;
    }

    public override bool IsNull(int row) => _values[row] is null;

    protected double?[] Values(int rows) => Ensure(ref _values, rows);

    private sealed class Of<T>(int slot, DataField data, Func<T, double> convert) : NumberColumn(slot, data)
        where T : struct
    {
        private T?[] _raw = [];

        public override async Task ReadAsync(ParquetRowGroupReader group, int rows, CancellationToken cancellationToken)
        {
            T?[] raw = Ensure(ref _raw, rows);
            await ReadNullableAsync(group, Data, raw, rows, cancellationToken).ConfigureAwait(false);
            double?[] values = Values(rows);
            for (int i = 0; i < rows; i++)
            {
                values[i] = raw[i] is { } v ? convert(v) : null;
            }
        }
    }
}

/// <summary>A BOOLEAN column.</summary>
internal sealed class BooleanColumn(int slot, DataField data) : EventColumn(slot, data)
{
    private bool?[] _values = [];

    public bool? this[int row] => _values[row];

    public override Task ReadAsync(ParquetRowGroupReader group, int rows, CancellationToken cancellationToken)
        => ReadNullableAsync(group, Data, Ensure(ref _values, rows), rows, cancellationToken);

    public override bool IsNull(int row) => _values[row] is null;
}

/// <summary>An INT64 TIMESTAMP column adjusted to UTC, read as its exact integer count of units since the epoch.</summary>
internal sealed class InstantColumn : EventColumn
{
    private static readonly long MinMillis = Instant.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxMillis = Instant.MaxValue.ToUnixTimeMilliseconds();
    private static readonly long MinMicros = Instant.MinValue.ToUnixTimeTicks() / 10;
    private static readonly long MaxMicros = Instant.MaxValue.ToUnixTimeTicks() / 10;

    private readonly DataField _raw;
    private long?[] _values = [];

    private InstantColumn(int slot, DataField data, Unit unit)
        : base(slot, data)
    {
        TimeUnit = unit;
        _raw = Physical<long>(data);
    }

    /// <summary>The resolution of the column.</summary>
    internal enum Unit
    {
        Millis,
        Micros,
        Nanos,
    }

    public Unit TimeUnit { get; }

    public static InstantColumn For(int slot, DataField data, SchemaElement element, string fileName)
        => TryFor(slot, data, element, out string? problem) ?? throw EventColumns.Refuse(fileName, data.Name, problem!);

    /// <summary>
    /// The column of an instant stored as a UTC-adjusted INT64 TIMESTAMP (milliseconds, microseconds or nanoseconds,
    /// or a legacy TIMESTAMP_MILLIS/MICROS annotation); otherwise <see langword="null"/> and why the column cannot
    /// hold an instant, in a phrase that follows the column's name.
    /// </summary>
    public static InstantColumn? TryFor(int slot, DataField data, SchemaElement element, out string? problem)
    {
        problem = null;
        if (element.Type == PhysicalType.INT96)
        {
            problem = "is an INT96 (legacy Impala) timestamp, which does not say whether it is an instant or a local date-time; write it as TIMESTAMP(isAdjustedToUTC=true) or as an ISO-8601 string with Z or an offset";
            return null;
        }

        if (element.Type == PhysicalType.INT64)
        {
            if (element.LogicalType?.TIMESTAMP is { } timestamp)
            {
                if (!timestamp.IsAdjustedToUTC)
                {
                    problem = "is a TIMESTAMP with isAdjustedToUTC=false, a local date-time without offset, which names no instant; write it adjusted to UTC (DuckDB: TIMESTAMPTZ; Arrow: a timestamp with a time zone) or as an ISO-8601 string with Z or an offset";
                    return null;
                }

                Unit? unit = timestamp.Unit switch
                {
                    { MILLIS: not null } => Unit.Millis,
                    { MICROS: not null } => Unit.Micros,
                    { NANOS: not null } => Unit.Nanos,
                    _ => null,
                };
                if (unit is { } known)
                {
                    return new InstantColumn(slot, data, known);
                }
            }
            else if (element.LogicalType is null && element.ConvertedType is ConvertedType.TIMESTAMP_MILLIS or ConvertedType.TIMESTAMP_MICROS)
            {
                // Legacy annotations, which the format defines as adjusted to UTC.
                return new InstantColumn(slot, data, element.ConvertedType == ConvertedType.TIMESTAMP_MILLIS ? Unit.Millis : Unit.Micros);
            }
        }

        problem = $"has the type {EventColumns.Describe(element)}, which cannot hold an instant (a UTC-adjusted TIMESTAMP, or an ISO-8601 string)";
        return null;
    }

    /// <summary>The raw value of <paramref name="row"/>, in <see cref="TimeUnit"/> since the Unix epoch.</summary>
    public long? Raw(int row) => _values[row];

    /// <summary>The instant of a raw value; <see langword="false"/> when it is outside NodaTime's range.</summary>
    public bool TryInstant(long value, out Instant instant)
    {
        switch (TimeUnit)
        {
            case Unit.Millis when value >= MinMillis && value <= MaxMillis:
                instant = Instant.FromUnixTimeMilliseconds(value);
                return true;
            case Unit.Micros when value >= MinMicros && value <= MaxMicros:
                instant = Instant.FromUnixTimeTicks(value * 10);
                return true;
            case Unit.Nanos:
                instant = Instant.FromUnixTimeTicks(value / 100).PlusNanoseconds(value % 100);
                return true;
            default:
                instant = default;
                return false;
        }
    }

    public string UnitName => TimeUnit switch
    {
        Unit.Millis => "milliseconds",
        Unit.Micros => "microseconds",
        _ => "nanoseconds",
    };

    public override Task ReadAsync(ParquetRowGroupReader group, int rows, CancellationToken cancellationToken)
        => ReadNullableAsync(group, _raw, Ensure(ref _values, rows), rows, cancellationToken);

    public override bool IsNull(int row) => _values[row] is null;
}

/// <summary>An INT32 DATE column, read as its exact count of days since 1970-01-01.</summary>
internal sealed class DateColumn : EventColumn
{
    private static readonly LocalDate Epoch = new(1970, 1, 1);
    private static readonly int MinDays = Period.Between(Epoch, LocalDate.MinIsoValue, PeriodUnits.Days).Days;
    private static readonly int MaxDays = Period.Between(Epoch, LocalDate.MaxIsoValue, PeriodUnits.Days).Days;

    private readonly DataField _raw;
    private int?[] _values = [];

    private DateColumn(int slot, DataField data)
        : base(slot, data) => _raw = Physical<int>(data);

    public static DateColumn? For(int slot, DataField data, SchemaElement element)
        => element.Type == PhysicalType.INT32 && (element.LogicalType?.DATE is not null || (element.LogicalType is null && element.ConvertedType == ConvertedType.DATE))
            ? new DateColumn(slot, data)
            : null;

    /// <summary>The raw value of <paramref name="row"/>, in days since 1970-01-01.</summary>
    public int? Raw(int row) => _values[row];

    /// <summary>The date of a raw value; <see langword="false"/> when it is outside NodaTime's ISO range.</summary>
    public static bool TryDate(int days, out LocalDate date)
    {
        bool valid = days >= MinDays && days <= MaxDays;
        date = valid ? Epoch.PlusDays(days) : default;
        return valid;
    }

    public override Task ReadAsync(ParquetRowGroupReader group, int rows, CancellationToken cancellationToken)
        => ReadNullableAsync(group, _raw, Ensure(ref _values, rows), rows, cancellationToken);

    public override bool IsNull(int row) => _values[row] is null;
}

/// <summary>A flat column the log format does not have: only whether each row has a value in it.</summary>
internal sealed class PresenceColumn(DataField data) : EventColumn(null, data)
{
    private bool[] _present = [];

    public override async Task ReadAsync(ParquetRowGroupReader group, int rows, CancellationToken cancellationToken)
    {
        bool[] present = Ensure(ref _present, rows);
        if (!Data.IsNullable)
        {
            Array.Fill(present, true, 0, rows);
            return;
        }

        using RawColumnData raw = await group.ReadRawColumnDataBaseAsync(Data, cancellationToken).ConfigureAwait(false);
        ReadOnlySpan<int> levels = raw.DefinitionLevels;
        int max = Data.MaxDefinitionLevel;
        for (int i = 0; i < rows; i++)
        {
            present[i] = levels[i] == max;
        }
    }

    public override bool IsNull(int row) => !_present[row];
}
