using System.Text;
using System.Text.Json;
using FeatureContracts.Serving;

namespace FeatureContracts.Cli;

/// <summary>The tool's view of a score: the score, the model and contract, the row (or its rejection), and any reasons.</summary>
internal static class ScoreJson
{
    public static string Write(ScoreResult result)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("order_id", result.OrderId);
            json.WriteString("prediction_time", Arguments.FormatInstant(result.PredictionInstant));
            json.WriteBoolean("scored", result.IsScored);
            if (result.Score is { } score)
            {
                json.WriteNumber("score", score);
            }
            else
            {
                json.WriteNull("score");
            }

            json.WriteString("model_id", result.ModelId);
            json.WriteString("contract_fingerprint", result.ContractFingerprint);
            json.WriteStartArray("reasons");
            foreach (NotScoredReason reason in result.Reasons)
            {
                json.WriteStartObject();
                json.WriteString("code", JsonNamingPolicy.SnakeCaseLower.ConvertName(reason.Code.ToString()));
                if (reason.Feature is null)
                {
                    json.WriteNull("feature");
                }
                else
                {
                    json.WriteString("feature", reason.Feature);
                }

                json.WriteString("message", reason.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WritePropertyName("row");
            using (JsonDocument row = JsonDocument.Parse(RowJson.Write(result.RowResult)))
            {
                row.RootElement.WriteTo(json);
            }
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
