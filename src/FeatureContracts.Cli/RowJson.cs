using System.Text;
using System.Text.Json;
using FeatureContracts.Rows;
using FeatureContracts.Sources;

namespace FeatureContracts.Cli;

/// <summary>
/// The debugging view of a row: every value with what the policies did and where it came from. Every value, instant,
/// duration and code is written by the row codec, as in every other output of the library.
/// </summary>
internal static class RowJson
{
    private static readonly JsonWriterOptions Options = RowCodec.JsonOptions with { Indented = true };

    public static string Write(RowResult result, string entityKey)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, Options))
        {
            WriteObject(json, result, entityKey);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void WriteObject(Utf8JsonWriter json, RowResult result, string entityKey)
    {
        json.WriteStartObject();
        json.WriteString(entityKey, result.EntityId);
        json.WriteString("prediction_time", RowCodec.FormatInstant(result.PredictionInstant));
        if (result.Row is { } row)
        {
            json.WriteString("status", "accepted");
            json.WriteStartObject("contract");
            json.WriteString("name", row.ContractName);
            json.WriteNumber("version", row.ContractVersion);
            json.WriteString("fingerprint", row.Fingerprint);
            json.WriteEndObject();
            json.WriteString("transform_version", row.TransformVersion);
            json.WriteStartObject("values");
            RowCodec.WriteJsonColumnValues(json, row);
            json.WriteEndObject();
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
                json.WriteString("code", RowCodec.FormatCode(rejection.Code));
                WriteNullableString(json, "attempted_value", rejection.AttemptedValue);
                json.WriteString("message", rejection.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
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
            RowCodec.WriteJsonFlags(json, "notes", cell.Notes);
            WriteNullableString(json, "observed_value", cell.ObservedValue);
            WriteNullableString(json, "freshness_lag", cell.FreshnessLag is { } lag ? RowCodec.FormatDuration(lag) : null);
            json.WriteStartArray("lineage");
            foreach (LineageEntry entry in cell.Lineage)
            {
                json.WriteStartObject();
                json.WriteString("event_type", entry.EventType);
                WriteNullableString(json, "event_id", entry.EventId);
                json.WriteString("occurred_at", RowCodec.FormatInstant(entry.OccurredAt));
                json.WriteString("recorded_at", RowCodec.FormatInstant(entry.RecordedAt));
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
