using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using FeatureContracts.Contracts;

namespace FeatureContracts.Rows;

/// <content>
/// Training rows as CSV (RFC 4180): a header row of column names, comma separators, CRLF after every record. A field
/// containing a comma, a double quote, CR or LF is enclosed in double quotes with its quotes doubled. A missing value
/// is an empty unquoted field; a present empty string is written <c>""</c>.
/// </content>
public static partial class RowCodec
{
    /// <summary>What ends every CSV record: CRLF.</summary>
    public const string CsvRecordEnd = "\r\n";

    private static readonly SearchValues<char> CsvNeedsQuoting = SearchValues.Create(",\"\r\n");

    /// <summary>
    /// Writes one CSV field: nothing for <see langword="null"/> (missing), <c>""</c> for an empty string, the text in
    /// double quotes with its quotes doubled when it contains a comma, a quote, CR or LF, else the text as it is.
    /// </summary>
    public static void WriteCsvField(TextWriter writer, string? text)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (text is null)
        {
            return;
        }

        if (text.Length == 0)
        {
            writer.Write("\"\"");
        }
        else if (text.AsSpan().IndexOfAny(CsvNeedsQuoting) < 0)
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

    /// <summary>Writes the header record: every column name of <paramref name="layout"/>, then CRLF.</summary>
    public static void WriteCsvHeader(TextWriter writer, RowLayout layout)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(layout);
        for (int i = 0; i < layout.Columns.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            WriteCsvField(writer, layout.Columns[i].Name);
        }

        writer.Write(CsvRecordEnd);
    }

    /// <summary>
    /// Writes <paramref name="row"/> and its <paramref name="label"/> as one CSV record, then CRLF. The row is checked
    /// first (<see cref="RowLayout.EnsureFits"/>), so a row that does not fit writes nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The row does not fit the layout.</exception>
    public static void WriteCsvRecord(TextWriter writer, RowLayout layout, FeatureRow row, bool label)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(layout);
        layout.EnsureFits(row);
        Span<char> number = stackalloc char[32];
        for (int i = 0; i < layout.Columns.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            LayoutColumn column = layout.Columns[i];
            switch (column.Type)
            {
                case LayoutColumnType.EntityId:
                    WriteCsvField(writer, row.EntityId);
                    break;
                case LayoutColumnType.PredictionTime:
                    writer.Write(FormatInstant(row.PredictionInstant));
                    break;
                case LayoutColumnType.MissingIndicator:
                    writer.Write(FormatBit(row.Cells[column.FeatureIndex].IsMissing));
                    break;
                case LayoutColumnType.Label:
                    writer.Write(FormatBit(label));
                    break;
                default:
                    FeatureValue value = row.Cells[column.FeatureIndex].Value;
                    if (value.Number is { } x)
                    {
                        TryFormatNumber(x, number, out int written);
                        writer.Write(number[..written]);
                    }
                    else
                    {
                        // A category (quoted as needed), a boolean, or nothing for missing.
                        WriteCsvField(writer, FormatValue(value));
                    }

                    break;
            }
        }

        writer.Write(CsvRecordEnd);
    }

    /// <summary>
    /// Checks that a CSV header record names exactly <paramref name="layout"/>'s columns, in order.
    /// </summary>
    /// <exception cref="RowFormatException">A name differs; <see cref="RowFormatException.Column"/> is <c>header column N</c>.</exception>
    public static void CheckCsvHeader(RowLayout layout, IReadOnlyList<CsvField> header)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(header);
        for (int i = 0; i < Math.Max(header.Count, layout.Columns.Length); i++)
        {
            string? found = i < header.Count ? header[i].Text : null;
            string? expected = i < layout.Columns.Length ? layout.Columns[i].Name : null;
            if (!string.Equals(found, expected, StringComparison.Ordinal))
            {
                var names = new StringBuilder();
                foreach (LayoutColumn column in layout.Columns)
                {
                    names.Append(names.Length == 0 ? string.Empty : ",").Append(column.Name);
                }

                throw new RowFormatException(
                    string.Create(CultureInfo.InvariantCulture, $"header column {i + 1}"),
                    $"expected {(expected is null ? "no more columns" : $"'{expected}'")}, found {(found is null ? "no column" : $"'{found}'")}; the header must be {names} for contract {layout.Contract.Name} v{layout.Contract.Version}");
            }
        }
    }

    /// <summary>
    /// Reads one CSV record of a training file (as <see cref="WriteCsvRecord"/> writes it) and checks that it follows
    /// the layout's contract (see <see cref="TrainingRecord"/>).
    /// </summary>
    /// <exception cref="RowFormatException">The record does not follow the contract; the exception names the column.</exception>
    public static TrainingRecord ReadCsvRecord(RowLayout layout, IReadOnlyList<CsvField> fields)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count != layout.Columns.Length)
        {
            throw new RowFormatException("record", string.Create(CultureInfo.InvariantCulture, $"has {fields.Count} fields; the header has {layout.Columns.Length}"));
        }

        var cells = new TypedCell[fields.Count];
        for (int i = 0; i < cells.Length; i++)
        {
            cells[i] = fields[i].Value is { } text ? TypedCell.OfText(text) : TypedCell.Null;
        }

        return ReadRecord(layout, cells, fromCsv: true);
    }
}
