using System.Text;
using System.Text.Json;
using FeatureContracts.Contracts;
using FeatureContracts.Rows;
using FeatureContracts.Sources;
using NodaTime.Text;

namespace FeatureContracts.Cli;

/// <summary>The debugging view of a row: every value with what the policies did and where it came from.</summary>
internal static class RowJson
{
    public static string Write(RowResult result)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("order_id", result.EntityId);
            json.WriteString("prediction_time", Arguments.FormatInstant(result.PredictionInstant));
            if (result.Row is { } row)
            {
                json.WriteString("status", "accepted");
                json.WriteStartObject("contract");
                json.WriteString("name", row.ContractName);
                json.WriteNumber("version", row.ContractVersion);
                json.WriteString("fingerprint", row.Fingerprint);
                json.WriteEndObject();
                json.WriteString("transform_version", row.TransformVersion);
                WriteColumns(json, row);
                WriteCells(json, row);
            }
            else
            {
                json.WriteString("status", "rejected");
                json.WriteStartArray("rejections");
                foreach (RowRejection rejection in result.Rejections)
                {
                    json.WriteStartObject();
                    WriteNullableString(json, "feature", rejection.Feature);
                    json.WriteString("code", JsonNamingPolicy.SnakeCaseLower.ConvertName(rejection.Code.ToString()));
                    WriteNullableString(json, "attempted_value", rejection.AttemptedValue);
                    json.WriteString("message", rejection.Message);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteColumns(Utf8JsonWriter json, FeatureRow row)
    {
        json.WriteStartObject("values");
        var values = row.ColumnValues();
        for (int i = 0; i < row.Schema.Columns.Length; i++)
        {
            string name = row.Schema.Columns[i].Name;
            FeatureValue value = values[i];
            if (value.IsMissing)
            {
                json.WriteNull(name);
            }
            else if (value.Number is { } number)
            {
                json.WriteNumber(name, number);
            }
            else if (value.Boolean is { } flag)
            {
                json.WriteBoolean(name, flag);
            }
            else
            {
                json.WriteString(name, value.Category);
            }
        }

        json.WriteEndObject();
    }

    private static void WriteCells(Utf8JsonWriter json, FeatureRow row)
    {
        json.WriteStartArray("cells");
        foreach (FeatureCell cell in row.Cells)
        {
            json.WriteStartObject();
            json.WriteString("feature", cell.Feature);
            json.WriteString("notes", cell.Notes.ToString());
            WriteNullableString(json, "observed_value", cell.ObservedValue);
            WriteNullableString(json, "freshness_lag", cell.FreshnessLag is { } lag ? DurationPattern.Roundtrip.Format(lag) : null);
            json.WriteStartArray("lineage");
            foreach (LineageEntry entry in cell.Lineage)
            {
                json.WriteStartObject();
                json.WriteString("event_type", entry.EventType);
                WriteNullableString(json, "event_id", entry.EventId);
                json.WriteString("occurred_at", Arguments.FormatInstant(entry.OccurredAt));
                json.WriteString("recorded_at", Arguments.FormatInstant(entry.RecordedAt));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteNullableString(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
