using System;
using System.Text.Encodings.Web;
using System.Text.Json;
using FeatureContracts.Contracts;

namespace FeatureContracts.Rows;

/// <content>
/// Rows as JSON: numbers are JSON numbers in the text of <see cref="FormatNumber"/>, booleans JSON
/// <c>true</c>/<c>false</c>, categories JSON strings, missing indicators and labels the integers <c>0</c>/<c>1</c>,
/// instants and durations JSON strings in their one text, a missing value JSON <c>null</c>. Strings are escaped
/// minimally (quotes, backslashes and control characters; every other character is written as UTF-8).
/// </content>
public static partial class RowCodec
{
    /// <summary>
    /// The options of every row writer: compact, minimal escaping. A human-facing writer may indent
    /// (<c>RowCodec.JsonOptions with { Indented = true }</c>); the text of every value stays the same.
    /// </summary>
    public static JsonWriterOptions JsonOptions { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>Writes the property <paramref name="propertyName"/> with <paramref name="value"/> (see <see cref="WriteJsonValue(Utf8JsonWriter, FeatureValue)"/>).</summary>
    /// <exception cref="ArgumentException">The value is a number that is not finite.</exception>
    public static void WriteJsonValue(Utf8JsonWriter json, string propertyName, FeatureValue value)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WritePropertyName(propertyName);
        WriteJsonValue(json, value);
    }

    /// <summary>Writes the property <paramref name="propertyName"/> with <paramref name="value"/> (see <see cref="WriteJsonValue(Utf8JsonWriter, FeatureValue)"/>).</summary>
    /// <exception cref="ArgumentException">The value is a number that is not finite.</exception>
    public static void WriteJsonValue(Utf8JsonWriter json, JsonEncodedText propertyName, FeatureValue value)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WritePropertyName(propertyName);
        WriteJsonValue(json, value);
    }

    /// <summary>
    /// Writes <paramref name="value"/>: a JSON number in the text of <see cref="FormatNumber"/>, a JSON string for a
    /// category, JSON <c>true</c>/<c>false</c>, or JSON <c>null</c> when missing.
    /// </summary>
    /// <exception cref="ArgumentException">The value is a number that is not finite.</exception>
    public static void WriteJsonValue(Utf8JsonWriter json, FeatureValue value)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (value.Number is { } number)
        {
            // Utf8JsonWriter writes a double in its shortest round-trip form, the text of FormatNumber (tests pin it).
            RequireFinite(number);
            json.WriteNumberValue(number);
        }
        else if (value.Category is { } code)
        {
            json.WriteStringValue(code);
        }
        else if (value.Boolean is { } flag)
        {
            json.WriteBooleanValue(flag);
        }
        else
        {
            json.WriteNullValue();
        }
    }

    /// <summary>
    /// Writes one property per column of the row's <see cref="RowSchema"/>, in schema order: each feature's value
    /// (<see cref="WriteJsonValue(Utf8JsonWriter, JsonEncodedText, FeatureValue)"/>), then each missing indicator as
    /// 1 or 0. The caller writes the enclosing object (e.g. the <c>values</c> of a serving log line).
    /// </summary>
    public static void WriteJsonColumnValues(Utf8JsonWriter json, FeatureRow row)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(row);
        var columns = row.Schema.Columns;
        for (int c = 0; c < columns.Length; c++)
        {
            RowColumn column = columns[c];
            if (column.Type == ColumnType.MissingIndicator)
            {
                json.WriteNumber(column.Name, row[column.Feature].IsMissing ? 1 : 0);
            }
            else
            {
                WriteJsonValue(json, column.Name, row.Cells[c].Value);
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="row"/> and its <paramref name="label"/> as one JSON object with a property per column of
    /// <paramref name="layout"/>, in order. The row is checked first (<see cref="RowLayout.EnsureFits"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The row does not fit the layout.</exception>
    public static void WriteJsonRow(Utf8JsonWriter json, RowLayout layout, FeatureRow row, bool label)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(layout);
        layout.EnsureFits(row);
        json.WriteStartObject();
        for (int i = 0; i < layout.Columns.Length; i++)
        {
            LayoutColumn column = layout.Columns[i];
            JsonEncodedText name = layout.JsonNames[i];
            switch (column.Type)
            {
                case LayoutColumnType.EntityId:
                    json.WriteString(name, row.EntityId);
                    break;
                case LayoutColumnType.PredictionTime:
                    json.WriteString(name, FormatInstant(row.PredictionInstant));
                    break;
                case LayoutColumnType.MissingIndicator:
                    json.WriteNumber(name, row.Cells[column.FeatureIndex].IsMissing ? 1 : 0);
                    break;
                case LayoutColumnType.Label:
                    json.WriteNumber(name, label ? 1 : 0);
                    break;
                default:
                    WriteJsonValue(json, name, row.Cells[column.FeatureIndex].Value);
                    break;
            }
        }

        json.WriteEndObject();
    }

    /// <summary>Writes the property <paramref name="propertyName"/> as the array of the flags' names (<see cref="FormatFlags"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A bit is set that no single flag names.</exception>
    public static void WriteJsonFlags<TEnum>(Utf8JsonWriter json, string propertyName, TEnum flags)
        where TEnum : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(json);
        var names = FormatFlags(flags);
        json.WriteStartArray(propertyName);
        foreach (string name in names)
        {
            json.WriteStringValue(name);
        }

        json.WriteEndArray();
    }

    /// <summary>
    /// Reads one JSON Lines row of a training file (as <see cref="WriteJsonRow"/> writes it: one object, a property
    /// per column in any order) and checks that it follows the layout's contract (see <see cref="TrainingRecord"/>).
    /// </summary>
    /// <exception cref="RowFormatException">
    /// The line is not a JSON object (column <c>line</c>), or a property is unknown, repeated or absent, or a value does
    /// not follow the contract; the exception names the column.
    /// </exception>
    public static TrainingRecord ReadJsonRow(RowLayout layout, string line)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(line);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new RowFormatException("line", $"is not valid JSON ({e.Message})");
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new RowFormatException("line", "is not a JSON object");
            }

            var cells = new TypedCell[layout.Columns.Length];
            var seen = new bool[cells.Length];
            foreach (JsonProperty property in root.EnumerateObject())
            {
                int index = layout.IndexOf(property.Name);
                if (index < 0)
                {
                    throw new RowFormatException(property.Name, $"is not a column of contract {layout.Contract.Name} v{layout.Contract.Version}");
                }

                if (seen[index])
                {
                    throw new RowFormatException(property.Name, "appears twice");
                }

                seen[index] = true;
                JsonElement value = property.Value;
                cells[index] = value.ValueKind switch
                {
                    JsonValueKind.Null => TypedCell.Null,
                    JsonValueKind.String => TypedCell.OfText(value.GetString()!),
                    JsonValueKind.True => TypedCell.OfBoolean(true),
                    JsonValueKind.False => TypedCell.OfBoolean(false),
                    JsonValueKind.Number => TypedCell.OfJsonNumber(value.GetRawText()),
                    _ => throw new RowFormatException(property.Name, $"holds a JSON {value.ValueKind.ToString().ToLowerInvariant()}"),
                };
            }

            for (int i = 0; i < seen.Length; i++)
            {
                if (!seen[i])
                {
                    throw new RowFormatException(layout.Columns[i].Name, "is absent");
                }
            }

            return ReadRecord(layout, cells, fromCsv: false);
        }
    }
}
