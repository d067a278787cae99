using System;
using System.Collections.Immutable;
using System.Globalization;
using FeatureContracts.Contracts;
using NodaTime;

namespace FeatureContracts.Rows;

/// <summary>
/// One row of a training file, read and checked against its contract: the entity id (never empty), the prediction
/// instant, one value per feature in contract order (each of its feature's kind; a category from the vocabulary or
/// the unseen bucket; a number finite and within the feature's range; missing only where the contract keeps the
/// feature missing, and then with its indicator 1, every other indicator 0) and the label.
/// </summary>
public sealed class TrainingRecord
{
    /// <summary>Creates a record.</summary>
    /// <param name="entityId">The entity id.</param>
    /// <param name="predictionTime">The prediction instant.</param>
    /// <param name="values">One value per feature, in contract order.</param>
    /// <param name="label">The label: <see langword="true"/> = 1 = the positive class.</param>
    public TrainingRecord(string entityId, Instant predictionTime, ImmutableArray<FeatureValue> values, bool label)
    {
        ArgumentNullException.ThrowIfNull(entityId);
        EntityId = entityId;
        PredictionTime = predictionTime;
        Values = values;
        Label = label;
    }

    /// <summary>The entity id.</summary>
    public string EntityId { get; }

    /// <summary>The prediction instant, at the file's full precision.</summary>
    public Instant PredictionTime { get; }

    /// <summary>One value per feature, in contract order.</summary>
    public ImmutableArray<FeatureValue> Values { get; }

    /// <summary>The label: <see langword="true"/> = 1 = the positive class.</summary>
    public bool Label { get; }
}

/// <summary>A row's text does not follow its layout: the column concerned and why, in a phrase that quotes the text.</summary>
public sealed class RowFormatException : FormatException
{
    /// <summary>Creates the exception for <paramref name="column"/>.</summary>
    /// <param name="column">The column, or the part of the row (<c>line</c>, <c>record</c>, <c>header column N</c>).</param>
    /// <param name="reason">Why, e.g. <c>'far' is not a finite number</c>.</param>
    public RowFormatException(string column, string reason)
        : base($"column '{column}': {reason}")
    {
        Column = column;
        Reason = reason;
    }

    /// <summary>Creates the exception without details.</summary>
    public RowFormatException()
        : this("(unknown)", "the row does not follow its layout")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RowFormatException(string message)
        : base(message)
    {
        Column = "(unknown)";
        Reason = message;
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public RowFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Column = "(unknown)";
        Reason = message;
    }

    /// <summary>The column, or the part of the row (<c>line</c>, <c>record</c>, <c>header column N</c>).</summary>
    public string Column { get; }

    /// <summary>Why, in a phrase that quotes the text.</summary>
    public string Reason { get; }
}

/// <summary>
/// One value of a training row as a file with typed values holds it (such as a Parquet column's value), for
/// <see cref="RowCodec.ReadTypedRecord"/>: null, a string, a number, a boolean, an integer or an instant. The kind of
/// cell each column takes is the one the row writers write: a string for the entity id and a category, an instant for
/// <c>prediction_time</c>, a number for a numeric feature, a boolean for a boolean feature, an integer 0 or 1 for a
/// missing indicator and the label; null for a missing value.
/// </summary>
public readonly record struct TypedCell
{
    private readonly string? _text;
    private readonly double _number;
    private readonly long _integer;
    private readonly Instant _instant;

    private TypedCell(TypedCellKind kind, string? text = null, double number = 0, long integer = 0, Instant instant = default)
    {
        Kind = kind;
        _text = text;
        _number = number;
        _integer = integer;
        _instant = instant;
    }

    /// <summary>No value: a missing feature, or (refused) a missing entity id, instant, indicator or label.</summary>
    public static TypedCell Null => default;

    internal TypedCellKind Kind { get; }

    /// <summary>A string: an entity id or a category.</summary>
    public static TypedCell OfText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new TypedCell(TypedCellKind.Text, text);
    }

    /// <summary>A number (of a numeric feature); one that is not finite is refused when read.</summary>
    public static TypedCell OfNumber(double value) => new(TypedCellKind.Number, number: value);

    /// <summary>A boolean (of a boolean feature).</summary>
    public static TypedCell OfBoolean(bool value) => new(TypedCellKind.Boolean, number: value ? 1 : 0);

    /// <summary>An integer: a missing indicator or the label, which must be 0 or 1.</summary>
    public static TypedCell OfInteger(long value) => new(TypedCellKind.Integer, integer: value);

    /// <summary>An instant: the prediction instant.</summary>
    public static TypedCell OfInstant(Instant value) => new(TypedCellKind.Instant, instant: value);

    /// <summary>A JSON number token, kept as written so a number reads back bit for bit.</summary>
    internal static TypedCell OfJsonNumber(string rawText) => new(TypedCellKind.JsonNumber, rawText);

    internal string Text => _text!;

    internal double Number => _number;

    internal bool Boolean => _number != 0;

    internal long Integer => _integer;

    internal Instant Instant => _instant;

    /// <summary>The cell as a reason quotes it: its text, or <c>null</c>.</summary>
    public override string ToString() => Kind switch
    {
        TypedCellKind.Null => "null",
        TypedCellKind.Text or TypedCellKind.JsonNumber => _text!,
        TypedCellKind.Number => _number.ToString("R", CultureInfo.InvariantCulture),
        TypedCellKind.Boolean => RowCodec.FormatBoolean(Boolean),
        TypedCellKind.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        _ => RowCodec.FormatInstant(_instant),
    };
}

/// <summary>The kinds of <see cref="TypedCell"/>; <see cref="JsonNumber"/> is a JSON number's text, read by the feature's kind.</summary>
internal enum TypedCellKind
{
    Null,
    Text,
    JsonNumber,
    Number,
    Boolean,
    Integer,
    Instant,
}

/// <content>The checks of a training row's values, the same for CSV, JSON Lines and typed files (Parquet).</content>
public static partial class RowCodec
{
    /// <summary>
    /// Reads one row of a training file whose values are typed (such as Parquet; see <see cref="TypedCell"/>), one
    /// cell per column of <paramref name="layout"/> in order, and checks that it follows the layout's contract (see
    /// <see cref="TrainingRecord"/>) exactly as the CSV and JSON Lines readers do.
    /// </summary>
    /// <exception cref="ArgumentException">There is not one cell per column.</exception>
    /// <exception cref="RowFormatException">The row does not follow the contract; the exception names the column.</exception>
    public static TrainingRecord ReadTypedRecord(RowLayout layout, ReadOnlySpan<TypedCell> cells)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (cells.Length != layout.Columns.Length)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{cells.Length} cells were given for the {layout.Columns.Length} columns of contract {layout.Contract.Name} v{layout.Contract.Version}."),
                nameof(cells));
        }

        return ReadRecord(layout, cells, fromCsv: false);
    }

    /// <summary>Reads the cells of one row, in layout order, into a checked record.</summary>
    /// <param name="layout">The layout.</param>
    /// <param name="cells">One cell per column.</param>
    /// <param name="fromCsv">Whether the cells are CSV text (where every value is text) rather than typed values.</param>
    private static TrainingRecord ReadRecord(RowLayout layout, ReadOnlySpan<TypedCell> cells, bool fromCsv)
    {
        FeatureContract contract = layout.Contract;
        string entityId = string.Empty;
        Instant predictionTime = default;
        bool label = false;
        var values = new FeatureValue[contract.Features.Length];

        // In column order: every feature comes before the indicators, so each indicator is checked against its feature.
        for (int i = 0; i < cells.Length; i++)
        {
            LayoutColumn column = layout.Columns[i];
            TypedCell cell = cells[i];
            switch (column.Type)
            {
                case LayoutColumnType.EntityId:
                    entityId = RequireText(cell, column.Name);
                    if (entityId.Length == 0)
                    {
                        throw new RowFormatException(column.Name, "is empty");
                    }

                    break;
                case LayoutColumnType.PredictionTime:
                    if (cell.Kind == TypedCellKind.Instant)
                    {
                        predictionTime = cell.Instant;
                    }
                    else if (!TryParseInstant(RequireText(cell, column.Name), out predictionTime, out string? why))
                    {
                        throw new RowFormatException(column.Name, why!);
                    }

                    break;
                case LayoutColumnType.MissingIndicator:
                    bool indicator = ReadBit(cell, column.Name, fromCsv);
                    FeatureDefinition feature = contract.Features[column.FeatureIndex];
                    bool missing = values[column.FeatureIndex].IsMissing;
                    if (indicator != missing)
                    {
                        throw new RowFormatException(column.Name, $"is {FormatBit(indicator)} but feature '{feature.Name}' is {(missing ? "missing" : "present")}");
                    }

                    break;
                case LayoutColumnType.Label:
                    label = ReadBit(cell, column.Name, fromCsv);
                    break;
                default:
                    values[column.FeatureIndex] = ReadFeature(contract.Features[column.FeatureIndex], column.Name, cell, fromCsv);
                    break;
            }
        }

        return new TrainingRecord(entityId, predictionTime, ImmutableArray.Create(values), label);
    }

    private static FeatureValue ReadFeature(FeatureDefinition feature, string column, TypedCell cell, bool fromCsv)
    {
        if (cell.Kind == TypedCellKind.Null)
        {
            if (feature.Missing.Rule != MissingRule.MissingWithIndicator)
            {
                throw new RowFormatException(column, $"is missing, but the contract never leaves '{feature.Name}' missing (missing rule {feature.Missing.Rule})");
            }

            return FeatureValue.Missing(feature.Kind);
        }

        FeatureValue value = ReadPresentValue(feature.Kind, column, cell, fromCsv);
        switch (feature)
        {
            case NumericFeatureDefinition numeric when !numeric.Range.Contains(value.Number!.Value):
                throw new RowFormatException(column, $"{FormatNumber(value.Number!.Value)} is outside the contract's range {numeric.Range}");
            case CategoricalFeatureDefinition categorical
                when !categorical.Vocabulary.Contains(value.Category!) && !string.Equals(categorical.Unseen.Bucket, value.Category, StringComparison.Ordinal):
                string bucket = categorical.Unseen.Bucket is { } b ? $" nor its unseen bucket '{b}'" : string.Empty;
                throw new RowFormatException(column, $"unknown category {Quote(value.Category!)}: not in the contract's vocabulary [{string.Join(", ", categorical.Vocabulary)}]{bucket}");
            default:
                return value;
        }
    }

    /// <summary>A present value of <paramref name="kind"/>: in CSV every value is text; elsewhere each kind has its own cell.</summary>
    private static FeatureValue ReadPresentValue(FeatureKind kind, string column, TypedCell cell, bool fromCsv)
    {
        switch (kind)
        {
            case FeatureKind.Numeric:
                if (cell.Kind == TypedCellKind.Number && double.IsFinite(cell.Number))
                {
                    return FeatureValue.Numeric(cell.Number);
                }

                if ((cell.Kind == TypedCellKind.JsonNumber || (fromCsv && cell.Kind == TypedCellKind.Text)) && TryParseNumber(cell.Text, out double number, out _))
                {
                    return FeatureValue.Numeric(number);
                }

                throw new RowFormatException(column, $"{Quote(cell.ToString())} is not a finite number");
            case FeatureKind.Categorical:
                return cell.Kind == TypedCellKind.Text
                    ? FeatureValue.Categorical(cell.Text)
                    : throw new RowFormatException(column, $"{Quote(cell.ToString())} is not a category code (a string)");
            case FeatureKind.Boolean:
                if (cell.Kind == TypedCellKind.Boolean)
                {
                    return FeatureValue.Bool(cell.Boolean);
                }

                if (fromCsv && cell.Kind == TypedCellKind.Text && TryParseBoolean(cell.Text, out bool flag, out _))
                {
                    return FeatureValue.Bool(flag);
                }

                throw new RowFormatException(column, $"{Quote(cell.ToString())} is not a boolean (true or false)");
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown feature kind.");
        }
    }

    private static string RequireText(TypedCell cell, string column)
        => cell.Kind == TypedCellKind.Text
            ? cell.Text
            : throw new RowFormatException(column, cell.Kind == TypedCellKind.Null ? "is missing" : $"{Quote(cell.ToString())} is not a string");

    private static bool ReadBit(TypedCell cell, string column, bool fromCsv)
    {
        switch (cell.Kind)
        {
            case TypedCellKind.Null:
                throw new RowFormatException(column, "is missing; expected 0 or 1");
            case TypedCellKind.Integer when cell.Integer is 0 or 1:
                return cell.Integer == 1;

            // In JSON a bit is a number token; the string "1" is not one.
            case TypedCellKind.JsonNumber or TypedCellKind.Text when (fromCsv || cell.Kind == TypedCellKind.JsonNumber) && TryParseBit(cell.Text, out bool bit, out _):
                return bit;
            default:
                throw new RowFormatException(column, $"{Quote(cell.ToString())} is not 0 or 1");
        }
    }
}
