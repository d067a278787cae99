using System.Text;
using System.Text.Json;
using FeatureContracts.Rows;
using FeatureContracts.Serving;

namespace FeatureContracts.Cli;

/// <summary>The tool's view of a score: the score, the model and contract, the row (or its rejection), and any reasons.</summary>
internal static class ScoreJson
{
    private static readonly JsonWriterOptions Options = RowCodec.JsonOptions with { Indented = true };

    public static string Write(ScoreResult result)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, Options))
        {
            json.WriteStartObject();
            json.WriteString(result.EntityKey, result.EntityId);
            json.WriteString("prediction_time", RowCodec.FormatInstant(result.PredictionInstant));
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
                json.WriteString("code", RowCodec.FormatCode(reason.Code));
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
            RowJson.WriteObject(json, result.RowResult, result.EntityKey);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
