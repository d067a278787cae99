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

/// <content>The checks of a training row's values, the same for CSV and JSON Lines.</content>
public static partial class RowCodec
{
    /// <summary>Reads the cells of one row, in layout order, into a checked record.</summary>
    /// <param name="layout">The layout.</param>
    /// <param name="cells">One cell per column.</param>
    /// <param name="fromCsv">Whether the cells are CSV text (where every value is text) rather than typed JSON.</param>
    private static TrainingRecord ReadRecord(RowLayout layout, TextCell[] cells, bool fromCsv)
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
            TextCell cell = cells[i];
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
                    if (!TryParseInstant(RequireText(cell, column.Name), out predictionTime, out string? why))
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

    private static FeatureValue ReadFeature(FeatureDefinition feature, string column, TextCell cell, bool fromCsv)
    {
        if (cell.Kind == TextCellKind.Null)
        {
            if (feature.Missing.Rule != MissingRule.MissingWithIndicator)
            {
                throw new RowFormatException(column, $"is missing, but the contract never leaves '{feature.Name}' missing (missing rule {feature.Missing.Rule})");
            }

            return FeatureValue.Missing(feature.Kind);
        }

        // In JSON every kind has its own token; in CSV every value is text.
        TextCellKind expected = feature.Kind switch
        {
            FeatureKind.Numeric => TextCellKind.Number,
            FeatureKind.Categorical => TextCellKind.Text,
            _ => TextCellKind.Boolean,
        };
        if (!fromCsv && cell.Kind != expected)
        {
            throw new RowFormatException(column, feature.Kind switch
            {
                FeatureKind.Numeric => $"{Quote(cell.Text)} is not a finite number",
                FeatureKind.Categorical => $"{Quote(cell.Text)} is not a category code (a string)",
                _ => $"{Quote(cell.Text)} is not a boolean (true or false)",
            });
        }

        if (!TryParseValue(feature.Kind, cell.Text, out FeatureValue value, out string? error))
        {
            throw new RowFormatException(column, error!);
        }

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

    private static string RequireText(TextCell cell, string column)
        => cell.Kind == TextCellKind.Text
            ? cell.Text
            : throw new RowFormatException(column, cell.Kind == TextCellKind.Null ? "is missing" : $"{Quote(cell.Text)} is not a string");

    private static bool ReadBit(TextCell cell, string column, bool fromCsv)
    {
        if (cell.Kind == TextCellKind.Null)
        {
            throw new RowFormatException(column, "is missing; expected 0 or 1");
        }

        // In JSON a bit is a number token; the string "1" is not one.
        if ((fromCsv || cell.Kind == TextCellKind.Number) && TryParseBit(cell.Text, out bool bit, out _))
        {
            return bit;
        }

        throw new RowFormatException(column, string.Create(CultureInfo.InvariantCulture, $"{Quote(cell.Text)} is not 0 or 1"));
    }

    private enum TextCellKind
    {
        Null,
        Text,
        Number,
        Boolean,
    }

    /// <summary>One value of a row as read: its kind of token (everything is text in CSV) and its text.</summary>
    private readonly record struct TextCell(TextCellKind Kind, string Text)
    {
        public static readonly TextCell Null = new(TextCellKind.Null, "null");
    }
}
